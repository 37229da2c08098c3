package org.rtcheck.stack.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DtlsAeadRecordsTest {

  private static final byte[] KEY_A = bytes(16, 1);
  private static final byte[] KEY_B = bytes(16, 2);
  private static final byte[] IV_A = bytes(4, 3);
  private static final byte[] IV_B = bytes(4, 4);

  private final DtlsAeadRecords a = new DtlsAeadRecords(1, KEY_A, IV_A, KEY_B, IV_B);
  private final DtlsAeadRecords b = new DtlsAeadRecords(1, KEY_B, IV_B, KEY_A, IV_A);

  @Test
  void sealedRecordHasTheDtls12LayoutAndOpensOnTheOtherSide() throws Exception {
    byte[] plain = "sctp packet".getBytes(StandardCharsets.UTF_8);
    byte[] record = a.seal(plain, 0, plain.length);
    assertThat(record).hasSize(plain.length + DtlsAeadRecords.OVERHEAD);
    assertThat(record[0]).isEqualTo((byte) 23);
    assertThat(record[1] & 0xff).isEqualTo(254);
    assertThat(record[2] & 0xff).isEqualTo(253);
    assertThat(((record[3] & 0xff) << 8) | (record[4] & 0xff)).isEqualTo(1);
    assertThat(sequence(record)).isEqualTo(DtlsAeadRecords.FIRST_SEQUENCE);
    assertThat(((record[11] & 0xff) << 8) | (record[12] & 0xff))
        .isEqualTo(record.length - DtlsAeadRecords.HEADER);
    assertThat(b.takes(record, 0)).isTrue();
    assertThat(b.open(record, 0, record.length - DtlsAeadRecords.HEADER)).isEqualTo(plain);
    assertThat(sequence(a.seal(plain, 0, plain.length)))
        .isEqualTo(DtlsAeadRecords.FIRST_SEQUENCE + 1);
  }

  @Test
  void replayedAndTamperedRecordsAreDiscarded() throws Exception {
    byte[] plain = {1, 2, 3};
    byte[] first = a.seal(plain, 0, plain.length);
    int body = first.length - DtlsAeadRecords.HEADER;
    assertThat(b.open(first, 0, body)).isEqualTo(plain);
    assertThat(b.open(first, 0, body)).as("RFC 6347 §4.1.2.6 replay").isNull();
    byte[] second = a.seal(plain, 0, plain.length);
    second[second.length - 1] ^= 1;
    assertThat(b.open(second, 0, body)).as("tag check").isNull();
    second[second.length - 1] ^= 1;
    assertThat(b.open(second, 0, body))
        .as("a forged copy does not burn the sequence number")
        .isEqualTo(plain);
  }

  @Test
  void reorderedRecordsInsideTheWindowOpenOnceAndOldOnesAreRefused() throws Exception {
    byte[] plain = {9};
    byte[][] records = new byte[70][];
    for (int i = 0; i < records.length; i++) {
      records[i] = a.seal(plain, 0, 1);
    }
    int body = records[0].length - DtlsAeadRecords.HEADER;
    assertThat(b.open(records[69], 0, body)).isEqualTo(plain);
    assertThat(b.open(records[10], 0, body)).isEqualTo(plain); // 59 behind: inside the window
    assertThat(b.open(records[10], 0, body)).isNull();
    assertThat(b.open(records[5], 0, body)).as("64 behind: left of the window").isNull();
  }

  @Test
  void takesOnlyApplicationDataOfItsEpoch() throws Exception {
    byte[] record = a.seal(new byte[] {1}, 0, 1);
    record[0] = 22;
    assertThat(b.takes(record, 0)).isFalse();
    record[0] = 23;
    record[4] = 2;
    assertThat(b.takes(record, 0)).isFalse();
    assertThat(b.takes(new byte[5], 0)).isFalse();
  }

  private static long sequence(byte[] record) {
    long seq = 0;
    for (int i = 5; i < 11; i++) {
      seq = (seq << 8) | (record[i] & 0xff);
    }
    return seq;
  }

  private static byte[] bytes(int n, int fill) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) fill);
    return b;
  }
}
