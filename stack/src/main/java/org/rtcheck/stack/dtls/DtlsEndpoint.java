package org.rtcheck.stack.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.SecureRandom;
import java.security.Security;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A DTLS 1.2 endpoint for DTLS-SRTP (RFC 5764, RFC 8842) with a sans-IO edge.
 *
 * <p>The caller feeds received datagrams with {@link #receive(byte[])} and drains datagrams to send
 * with {@link #poll()}. The Bouncy Castle handshake runs on its own daemon thread (off the caller's
 * event loop), blocking on the inbound queue for as long as bctls's retransmission timer asks. The
 * outcome arrives through {@link #handshake()}. After the handshake the same thread keeps reading
 * (so retransmitted final flights are answered) and queues application data for {@link
 * #pollApplicationData()}. With an AES-GCM suite, application data records in both directions are
 * instead protected through JCE on the caller's thread ({@link DtlsAeadRecords}), with no hand-over
 * to that thread. {@link #close()} stops the thread.
 *
 * <p>Retransmission (RFC 6347 §4.2.4) is bctls's own: its reliable-handshake layer reads {@code
 * System.currentTimeMillis()} and has no clock to inject, so unlike the other protocol cores DTLS
 * retransmits on the wall clock, not on the caller's virtual time. {@link
 * DtlsConfig#resendTimeout()} sets the first timer (doubling up to 60 s); lost and reordered
 * flights are tested live, through a relay that drops or holds chosen handshake messages.
 */
public final class DtlsEndpoint implements AutoCloseable {

  private static final AtomicInteger THREADS = new AtomicInteger();

  /**
   * Handshake threads, reused: starting a thread per endpoint cost 0.25-7.5 ms of setup on a loaded
   * machine. Idle threads end after a minute. An endpoint's thread is its own only while its task
   * runs (see {@link #interruptWorker()}).
   */
  private static final ExecutorService HANDSHAKE_THREADS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "rtcheck-dtls-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  static {
    // The JDK's providers lack "SHA256withRSAandMGF1", the name bctls asks for when a peer signs
    // with rsa_pss_rsae_* (openssl's first choice for RSA keys). Bouncy Castle goes last, so
    // everything the JDK has (AES-NI record crypto) still comes from the JDK.
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
  }

  /** The largest plaintext of a JCE record that keeps the datagram within the send limit. */
  private static final int JCE_RECORD_LIMIT =
      QueueDatagramTransport.SEND_LIMIT - DtlsAeadRecords.OVERHEAD;

  /**
   * The largest plaintext of any record: RFC 6347 §4.1 keeps TLS 1.2's limit of 2^14 bytes (RFC
   * 5246 §6.2.1).
   */
  public static final int MAX_RECORD_PLAINTEXT = 1 << 14;

  private final DtlsConfig config;
  private final QueueDatagramTransport transport = new QueueDatagramTransport();
  private final DtlsPeerSupport support;
  private final CompletableFuture<DtlsHandshakeResult> handshake = new CompletableFuture<>();
  private final LinkedBlockingQueue<byte[]> applicationData = new LinkedBlockingQueue<>();
  private final String threadName;
  private volatile boolean closing;
  private volatile DTLSTransport dtls;

  /** The JCE path for application data of AES-GCM suites once established; null otherwise. */
  private volatile DtlsAeadRecords aeadRecords;

  /** The pool thread running this endpoint's task, null before and after; guarded by itself. */
  private final Object workerLock = new Object();

  private Thread worker;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile Consumer<byte[]> applicationSink;

  private DtlsEndpoint(DtlsConfig config) {
    this.config = config;
    // The handshake's public-key crypto (ECDSA P-256, X25519/P-256 ECDHE) through Bouncy Castle's
    // lightweight API: measured here (JDK 17, warm, 200 own<->own handshakes) it costs 12 ms of
    // CPU per handshake against 21 ms through the JDK's SunEC, whose constant-time P-256 is slow.
    // Record crypto after the handshake stays on JCE (AES-NI, DtlsAeadRecords).
    BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
    this.support = new DtlsPeerSupport(config, crypto);
    this.threadName =
        "rtcheck-dtls-"
            + config.role().name().toLowerCase(java.util.Locale.ROOT)
            + "-"
            + THREADS.incrementAndGet();
  }

  /** Creates an endpoint and starts its handshake thread (a client sends its ClientHello). */
  public static DtlsEndpoint start(DtlsConfig config) {
    DtlsEndpoint endpoint = new DtlsEndpoint(config);
    endpoint.launch();
    return endpoint;
  }

  private void launch() {
    HANDSHAKE_THREADS.execute(
        () -> {
          Thread self = Thread.currentThread();
          String poolName = self.getName();
          synchronized (workerLock) {
            worker = self;
          }
          self.setName(threadName);
          try {
            if (!closing) {
              run();
            }
          } finally {
            synchronized (workerLock) {
              worker = null;
              // An interrupt from close() meant for this endpoint must not reach the next task.
              Thread.interrupted();
            }
            self.setName(poolName);
            finished.countDown();
          }
        });
  }

  /** Interrupts this endpoint's task, never another task that later runs on the same thread. */
  private void interruptWorker() {
    synchronized (workerLock) {
      if (worker != null && worker != Thread.currentThread()) {
        worker.interrupt();
      }
    }
  }

  private boolean onWorker() {
    synchronized (workerLock) {
      return worker == Thread.currentThread();
    }
  }

  public DtlsRole role() {
    return config.role();
  }

  public DtlsConfig config() {
    return config;
  }

  /**
   * Feeds one received DTLS datagram (the caller demultiplexes per RFC 7983 first). Once an AES-GCM
   * connection is up, its application data records are opened here, on the caller's thread, and
   * handed to the sink at once; every other record goes to bctls.
   */
  public void receive(byte[] datagram) {
    DtlsAeadRecords fast = aeadRecords;
    if (fast == null || closing) {
      transport.offerInbound(datagram);
      return;
    }
    // RFC 6347 §4.1.1: a datagram may carry several records.
    int off = 0;
    while (off < datagram.length) {
      if (datagram.length - off < DtlsAeadRecords.HEADER) {
        transport.offerInbound(Arrays.copyOfRange(datagram, off, datagram.length));
        return;
      }
      int length = ((datagram[off + 11] & 0xff) << 8) | (datagram[off + 12] & 0xff);
      int end = off + DtlsAeadRecords.HEADER + length;
      if (end > datagram.length) {
        transport.offerInbound(Arrays.copyOfRange(datagram, off, datagram.length));
        return;
      }
      if (fast.takes(datagram, off)) {
        byte[] plain = fast.open(datagram, off, length);
        if (plain != null) {
          deliver(plain);
        }
      } else if (off == 0 && end == datagram.length) {
        transport.offerInbound(datagram);
      } else {
        transport.offerInbound(Arrays.copyOfRange(datagram, off, end));
      }
      off = end;
    }
  }

  /** The next datagram to send, or null when there is none now. */
  public byte[] poll() {
    return transport.pollOutbound();
  }

  /** The next datagram to send, waiting up to {@code timeout}; null when none came. */
  public byte[] poll(Duration timeout) throws InterruptedException {
    return transport.pollOutbound(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Pushes datagrams to send to {@code sink} as bctls produces them (on the handshake thread)
   * instead of queueing them for {@link #poll()}, so an event-driven caller needs no pump.
   */
  public void onOutbound(Consumer<byte[]> sink) {
    transport.divertOutbound(Objects.requireNonNull(sink, "sink"));
  }

  /**
   * Pushes received application data to {@code sink} instead of queueing it for {@link
   * #pollApplicationData()}; records received before are handed over first. It runs on the thread
   * that called {@link #receive} for AES-GCM records after the handshake, else on the handshake
   * thread.
   */
  public void onApplicationData(Consumer<byte[]> sink) {
    Objects.requireNonNull(sink, "sink");
    synchronized (applicationData) {
      for (byte[] d = applicationData.poll(); d != null; d = applicationData.poll()) {
        sink.accept(d);
      }
      applicationSink = sink;
    }
  }

  /** Completes with the result, or exceptionally with a {@link DtlsException}. */
  public CompletableFuture<DtlsHandshakeResult> handshake() {
    return handshake.copy();
  }

  /** Waits for the handshake; a wait that runs out is reported as {@code HANDSHAKE_TIMEOUT}. */
  public DtlsHandshakeResult awaitHandshake(Duration timeout)
      throws DtlsException, InterruptedException {
    try {
      return handshake.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof DtlsException d) {
        throw d;
      }
      throw new DtlsException(
          DtlsException.Reason.PROTOCOL_ERROR, "handshake failed", e.getCause());
    } catch (TimeoutException e) {
      throw new DtlsException(
          DtlsException.Reason.HANDSHAKE_TIMEOUT, "no outcome within " + timeout, e);
    }
  }

  /** Sends application data over the established connection. */
  public void sendApplicationData(byte[] data) throws DtlsException {
    DTLSTransport t = dtls;
    if (t == null || closing) {
      throw new DtlsException(DtlsException.Reason.CLOSED, "no established connection");
    }
    DtlsAeadRecords fast = aeadRecords;
    if (fast != null) {
      // Up to the record limit, not the 1200-byte budget: a caller that discovered a larger path
      // MTU (SCTP, RFC 8261 §5 with RFC 8899 §6.2) may send bigger datagrams.
      if (data.length > MAX_RECORD_PLAINTEXT) {
        throw new DtlsException(
            DtlsException.Reason.PROTOCOL_ERROR,
            "record of " + data.length + " bytes exceeds the limit of " + MAX_RECORD_PLAINTEXT);
      }
      transport.sendDatagram(fast.seal(data, 0, data.length));
      return;
    }
    try {
      t.send(data, 0, data.length);
    } catch (IOException e) {
      throw new DtlsException(DtlsException.Reason.PROTOCOL_ERROR, "send failed", e);
    }
  }

  /**
   * The largest application data record that fits one datagram after DTLS's own overhead (record
   * header, explicit nonce, tag or MAC), or -1 before the handshake. RFC 8261 §5: SCTP sizes its
   * packets by this, not by the path MTU.
   */
  public int applicationDataLimit() {
    DTLSTransport t = dtls;
    if (t == null) {
      return -1;
    }
    if (aeadRecords != null) {
      return JCE_RECORD_LIMIT;
    }
    try {
      return t.getSendLimit();
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * The largest application data record {@link #sendApplicationData} takes in a datagram of at most
   * {@code datagramLimit} bytes, or -1 before the handshake. On the JCE path records may outgrow
   * {@link #applicationDataLimit()} up to a whole record (2^14 bytes) when the path carries them
   * (RFC 8899 probes find out); otherwise bctls keeps to {@link #applicationDataLimit()}.
   */
  public int maxApplicationData(int datagramLimit) {
    if (aeadRecords == null || dtls == null) {
      return applicationDataLimit();
    }
    return Math.max(
        applicationDataLimit(),
        Math.min(MAX_RECORD_PLAINTEXT, datagramLimit - DtlsAeadRecords.OVERHEAD));
  }

  /** Whether application data goes through the JCE record path (an AES-GCM suite is up). */
  boolean usesJceRecords() {
    return aeadRecords != null;
  }

  /** The next received application data record, or null. */
  public byte[] pollApplicationData() {
    return applicationData.poll();
  }

  /**
   * Stops the thread: an established connection sends close_notify (drainable with {@link
   * #poll()}), a pending handshake fails with {@code CLOSED}.
   */
  @Override
  public void close() {
    closing = true;
    if (dtls == null) {
      transport.markClosed();
    }
    // An established connection: wakes the read loop now rather than at the end of its 100 ms
    // wait; it then sends close_notify (RFC 5246 §7.2.1) and ends. A pending handshake: fails.
    interruptWorker();
    if (!onWorker()) {
      try {
        if (!finished.await(2, TimeUnit.SECONDS)) {
          transport.markClosed();
          interruptWorker();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    transport.markClosed();
    handshake.completeExceptionally(
        new DtlsException(DtlsException.Reason.CLOSED, "closed before the handshake completed"));
  }

  private void run() {
    transport.armDeadline(System.nanoTime() + config.handshakeTimeout().toNanos());
    DTLSTransport established;
    try {
      if (config.role() == DtlsRole.CLIENT) {
        established = new DTLSClientProtocol().connect(new SrtpTlsClient(support), transport);
      } else {
        DTLSServerProtocol server = new DTLSServerProtocol();
        server.setVerifyRequests(config.cookieExchange());
        established = server.accept(new SrtpTlsServer(support), transport);
      }
      transport.disarmDeadline();
    } catch (Throwable t) {
      handshake.completeExceptionally(classify(t));
      transport.markClosed();
      return;
    }
    DtlsHandshakeResult result = support.result();
    if (result == null) {
      handshake.completeExceptionally(
          new DtlsException(DtlsException.Reason.PROTOCOL_ERROR, "handshake produced no result"));
      transport.markClosed();
      return;
    }
    dtls = established;
    aeadRecords = support.aeadRecords();
    if (aeadRecords != null) {
      // Finished retransmissions and alerts continue this side's record numbers (RFC 6347 §4.1).
      transport.rewriteBctlsDatagrams(aeadRecords::reseal);
      // The peer may have finished a flight earlier and already sent application data (its SCTP
      // INIT, RFC 8261 §5) while this side verified the last flight: open it now, before the
      // handshake's listeners run and the read loop starts, instead of after them. Records that
      // are not application data of this epoch go back to bctls in order.
      for (byte[] d : transport.drainInbound()) {
        receive(d);
      }
    }
    handshake.complete(result);
    readLoop(established);
  }

  private void readLoop(DTLSTransport established) {
    byte[] buf = new byte[QueueDatagramTransport.RECEIVE_LIMIT];
    try {
      while (!closing) {
        long before = System.nanoTime();
        int n;
        try {
          n = established.receive(buf, 0, buf.length, 100);
        } catch (InterruptedIOException e) {
          if (closing) {
            break; // close() woke us; bctls passes the interruption on without failing
          }
          throw e;
        }
        if (n >= 0) {
          deliver(Arrays.copyOf(buf, n));
        } else if (System.nanoTime() - before < TimeUnit.MILLISECONDS.toNanos(50)) {
          // bctls returns -1 at once once the peer closed; do not spin
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            if (!closing) {
              throw e;
            }
          }
        }
      }
      Thread.interrupted(); // the wake-up from close() must not stop close_notify
      established.close();
    } catch (IOException | InterruptedException e) {
      // closed by us or by the peer; nothing left to read
    } finally {
      transport.markClosed();
    }
  }

  private void deliver(byte[] record) {
    Consumer<byte[]> sink = applicationSink;
    if (sink == null) {
      synchronized (applicationData) {
        sink = applicationSink;
        if (sink == null) {
          applicationData.add(record);
          return;
        }
      }
    }
    sink.accept(record);
  }

  private DtlsException classify(Throwable t) {
    DtlsException recorded = support.failure();
    if (recorded != null) {
      return recorded;
    }
    if (t instanceof QueueDatagramTransport.DeadlineExceeded) {
      return new DtlsException(
          DtlsException.Reason.HANDSHAKE_TIMEOUT,
          "no handshake within " + config.handshakeTimeout(),
          t);
    }
    if (closing || t instanceof QueueDatagramTransport.Closed) {
      return new DtlsException(DtlsException.Reason.CLOSED, "closed during the handshake", t);
    }
    if (t instanceof TlsFatalAlertReceived r) {
      return new DtlsException(
          DtlsException.Reason.PEER_ALERT,
          "peer sent " + AlertDescription.getText(r.getAlertDescription()),
          t);
    }
    if (t instanceof TlsFatalAlert a) {
      return new DtlsException(
          DtlsException.Reason.PROTOCOL_ERROR,
          AlertDescription.getText(a.getAlertDescription()) + ": " + t.getMessage(),
          t);
    }
    return new DtlsException(DtlsException.Reason.PROTOCOL_ERROR, String.valueOf(t), t);
  }
}
