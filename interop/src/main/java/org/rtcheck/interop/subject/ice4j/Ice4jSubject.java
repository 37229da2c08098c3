package org.rtcheck.interop.subject.ice4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.ice4j.StunException;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.AlternateServerAttribute;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeDecoder;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.FingerprintAttribute;
import org.ice4j.attribute.IceControlAttribute;
import org.ice4j.attribute.MappedAddressAttribute;
import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.attribute.NonceAttribute;
import org.ice4j.attribute.OptionalAttribute;
import org.ice4j.attribute.PriorityAttribute;
import org.ice4j.attribute.RealmAttribute;
import org.ice4j.attribute.SoftwareAttribute;
import org.ice4j.attribute.UnknownAttributesAttribute;
import org.ice4j.attribute.UsernameAttribute;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.message.Indication;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.ice4j.security.CredentialsAuthority;
import org.ice4j.security.LongTermCredential;
import org.ice4j.security.LongTermCredentialSession;
import org.ice4j.stack.RawMessage;
import org.ice4j.stack.StunStack;
import org.rtcheck.engine.subject.Subject;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.engine.vector.Hex;
import org.rtcheck.interop.subject.JarVersion;
import org.rtcheck.interop.subject.own.StunMessageJson;

/**
 * The ice4j STUN implementation as a subject ({@code ice.pair-priority} too, through {@link
 * Ice4jPairPriority}): {@code stun.decode} and {@code stun.encode} run ice4j's own decoder,
 * encoder, attribute classes, MESSAGE-INTEGRITY validation ({@link
 * StunStack#validateMessageIntegrity}) and FINGERPRINT handling. This adapter only translates
 * between the contract's JSON and ice4j's objects; where ice4j lacks a feature the answer says so
 * (or the request is {@code unimplemented}) rather than filling the gap with our own code.
 *
 * <p>Thread-safe: ice4j's decoder is static, and the one {@link StunStack} this subject owns only
 * serves credentials, through an authority that reads the calling thread's credentials.
 */
public final class Ice4jSubject implements Subject {

  public static final String ID = "ice4j";
  public static final String DECODE = "stun.decode";
  public static final String ENCODE = "stun.encode";
  public static final String PAIR_PRIORITY = "ice.pair-priority";

  /** The ice4j version the build declares; used when the jar does not say. */
  static final String FALLBACK_VERSION = "3.2-15-g6da2b08";

  /**
   * What ice4j is told the peer's USERNAME was when the message carries none (a response): ice4j
   * validates a response with the username of its own request, and only the part before the colon
   * selects the key, which the short-term authority ignores anyway.
   */
  static final String PLACEHOLDER_USERNAME = "rtcheck:rtcheck";

  private static final System.Logger LOG = System.getLogger(Ice4jSubject.class.getName());
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final char MESSAGE_INTEGRITY_SHA256 = 0x001C;
  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern TYPE_NUMBER = Pattern.compile("0[xX][0-9a-fA-F]{1,4}");

  /** IANA names of the attribute types ice4j decodes into its own classes. */
  private static final Map<Integer, String> ICE4J_TYPE_NAMES = new HashMap<>();

  /** Every name a vector may use, ice4j knowing the type or not. */
  private static final Map<String, Integer> TYPES_BY_NAME = new HashMap<>();

  /** Registry names of the methods ice4j has constants for. */
  private static final Map<Integer, String> METHOD_NAMES = new HashMap<>();

  static {
    // ice4j adds SOFTWARE "ice4j.org" to every message it encodes unless its configuration says
    // ice4j.software = "" (reference.conf: "Set to the empty string to not include a SOFTWARE
    // attribute"). An encode vector lists every attribute, so the subject runs ice4j configured
    // that way, unless whoever runs the JVM configured it otherwise. ice4j reads its configuration
    // once, so this only works if nothing loaded it before; the constructor checks.
    if (System.getProperty("ice4j.software") == null
        && System.getProperty("org.ice4j.SOFTWARE") == null) {
      System.setProperty("ice4j.software", "");
    }
    // ice.pair-priority builds an ice4j Agent, whose mapping harvesters would probe for AWS
    // (instance metadata, off the loopback) on first use: rtcheck never leaves loopback.
    if (System.getProperty("ice4j.harvest.mapping.aws.enabled") == null) {
      System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    }

    ice4jType(Attribute.MAPPED_ADDRESS, "MAPPED-ADDRESS");
    ice4jType(Attribute.CHANGE_REQUEST, "CHANGE-REQUEST");
    ice4jType(Attribute.USERNAME, "USERNAME");
    ice4jType(Attribute.MESSAGE_INTEGRITY, "MESSAGE-INTEGRITY");
    ice4jType(Attribute.ERROR_CODE, "ERROR-CODE");
    ice4jType(Attribute.UNKNOWN_ATTRIBUTES, "UNKNOWN-ATTRIBUTES");
    ice4jType(Attribute.CHANNEL_NUMBER, "CHANNEL-NUMBER");
    ice4jType(Attribute.LIFETIME, "LIFETIME");
    ice4jType(Attribute.XOR_PEER_ADDRESS, "XOR-PEER-ADDRESS");
    ice4jType(Attribute.DATA, "DATA");
    ice4jType(Attribute.REALM, "REALM");
    ice4jType(Attribute.NONCE, "NONCE");
    ice4jType(Attribute.XOR_RELAYED_ADDRESS, "XOR-RELAYED-ADDRESS");
    ice4jType(Attribute.REQUESTED_ADDRESS_FAMILY, "REQUESTED-ADDRESS-FAMILY");
    ice4jType(Attribute.EVEN_PORT, "EVEN-PORT");
    ice4jType(Attribute.REQUESTED_TRANSPORT, "REQUESTED-TRANSPORT");
    ice4jType(Attribute.DONT_FRAGMENT, "DONT-FRAGMENT");
    ice4jType(Attribute.XOR_MAPPED_ADDRESS, "XOR-MAPPED-ADDRESS");
    ice4jType(Attribute.RESERVATION_TOKEN, "RESERVATION-TOKEN");
    ice4jType(Attribute.PRIORITY, "PRIORITY");
    ice4jType(Attribute.USE_CANDIDATE, "USE-CANDIDATE");
    ice4jType(Attribute.CONNECTION_ID, "CONNECTION-ID");
    ice4jType(Attribute.SOFTWARE, "SOFTWARE");
    ice4jType(Attribute.ALTERNATE_SERVER, "ALTERNATE-SERVER");
    ice4jType(Attribute.FINGERPRINT, "FINGERPRINT");
    ice4jType(Attribute.ICE_CONTROLLED, "ICE-CONTROLLED");
    ice4jType(Attribute.ICE_CONTROLLING, "ICE-CONTROLLING");
    // Registered types ice4j does not know: it decodes them as unknown attributes ("0x001C").
    TYPES_BY_NAME.put("MESSAGE-INTEGRITY-SHA256", 0x001C);
    TYPES_BY_NAME.put("PASSWORD-ALGORITHM", 0x001D);
    TYPES_BY_NAME.put("USERHASH", 0x001E);
    TYPES_BY_NAME.put("PADDING", 0x0026);
    TYPES_BY_NAME.put("RESPONSE-PORT", 0x0027);
    TYPES_BY_NAME.put("PASSWORD-ALGORITHMS", 0x8002);
    TYPES_BY_NAME.put("ALTERNATE-DOMAIN", 0x8003);
    TYPES_BY_NAME.put("RESPONSE-ORIGIN", 0x802B);
    TYPES_BY_NAME.put("OTHER-ADDRESS", 0x802C);

    METHOD_NAMES.put((int) Message.STUN_METHOD_BINDING, "binding");
    METHOD_NAMES.put((int) Message.TURN_METHOD_ALLOCATE, "allocate");
    METHOD_NAMES.put((int) Message.TURN_METHOD_REFRESH, "refresh");
    METHOD_NAMES.put((int) Message.TURN_METHOD_SEND, "send");
    METHOD_NAMES.put((int) Message.TURN_METHOD_DATA, "data");
    METHOD_NAMES.put((int) Message.TURN_METHOD_CREATEPERMISSION, "createpermission");
    METHOD_NAMES.put((int) Message.TURN_METHOD_CHANNELBIND, "channelbind");
    METHOD_NAMES.put((int) Message.TURN_METHOD_CONNECT, "connect");
    METHOD_NAMES.put((int) Message.TURN_METHOD_CONNECTION_BIND, "connectionbind");
    METHOD_NAMES.put((int) Message.TURN_METHOD_CONNECTION_ATTEMPT, "connectionattempt");
  }

  private static void ice4jType(char type, String name) {
    ICE4J_TYPE_NAMES.put((int) type, name);
    TYPES_BY_NAME.put(name, (int) type);
  }

  private final String version;
  private final StunStack stunStack;
  private final ThreadLocal<CredentialsAuthority> credentials = new ThreadLocal<>();

  public Ice4jSubject() {
    this.version = JarVersion.of(Message.class, "org.jitsi", "ice4j", FALLBACK_VERSION);
    this.stunStack = new StunStack();
    stunStack.getCredentialsManager().registerAuthority(new CurrentThreadAuthority(credentials));
    warnIfSoftwareIsAdded();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String displayName() {
    return "ice4j";
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public Set<String> capabilities() {
    return Set.of(DECODE, ENCODE, PAIR_PRIORITY);
  }

  @Override
  public JsonNode invoke(String capability, JsonNode args) throws SubjectException {
    try {
      switch (capability) {
        case DECODE:
          return Ice4jPairPriority.withStunGlobals(() -> decode(args));
        case ENCODE:
          return Ice4jPairPriority.withStunGlobals(() -> encode(args));
        case PAIR_PRIORITY:
          return Ice4jPairPriority.pairPriority(args);
        default:
          throw SubjectException.unimplemented("ice4j subject has no capability " + capability);
      }
    } catch (SubjectException e) {
      throw e;
    } catch (RuntimeException | StunException | LinkageError e) {
      // Anything else is ice4j (or this adapter) breaking, never a verdict on the input. Virtual
      // machine errors (out of memory, stack overflow) are left to propagate.
      throw new SubjectException(
          SubjectException.SUBJECT_FAILURE, String.valueOf(e), failureDetails(e), e);
    }
  }

  @Override
  public void close() {
    try {
      stunStack.shutDown();
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "ice4j StunStack.shutDown failed", e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // stun.decode

  private JsonNode decode(JsonNode args) throws SubjectException {
    byte[] bytes = hexArg(args, "hex");
    Credentials creds = Credentials.from(args.get("credentials"));

    Message message;
    try {
      // ice4j's decoder; it also verifies FINGERPRINT and throws when it does not match.
      message = Message.decode(bytes, 0, bytes.length);
    } catch (StunException | RuntimeException e) {
      // StunException is ice4j's "not a (whole) STUN message"; ice4j also fails on broken framing
      // with ArrayIndexOutOfBounds, NegativeArraySize or IllegalArgument exceptions. Either way
      // ice4j refused the bytes, which is what a vector's "malformed" asks about. ice4j never says
      // where it stopped, so there is no offset.
      throw malformed(e);
    }

    ObjectNode out = JSON.objectNode();
    out.put("class", className(message));
    out.put("method", methodName(methodOf(message.getMessageType())));
    // 12 bytes, or 16 (cookie + id) when the magic cookie is wrong: ice4j then falls back to
    // RFC 3489 and keeps the cookie bytes as part of the transaction id.
    out.put("transactionId", Hex.encode(message.getTransactionID()));

    ArrayNode attributes = out.putArray("attributes");
    ArrayNode unknown = out.putArray("unknownComprehensionRequired");
    for (Attribute attribute : message.getAttributes()) {
      attributes.add(attributeJson(attribute, message));
      // The same test ice4j's StunStack applies before answering 420 (Unknown Attribute).
      if (attribute instanceof OptionalAttribute
          && attribute.getAttributeType() < Attribute.UNKNOWN_OPTIONAL_ATTRIBUTE) {
        unknown.add(typeNumber(attribute.getAttributeType()));
      }
    }

    ObjectNode checks = out.putObject("checks");
    checks.put("messageIntegrity", integrityCheck(message, bytes, creds));
    checks.put("messageIntegritySha256", integritySha256Check(message, creds));
    // ice4j checks FINGERPRINT inside Message.decode and rejects the whole message when it does
    // not match, so a FINGERPRINT that survived decoding is one ice4j verified.
    checks.put("fingerprint", message.containsAttribute(Attribute.FINGERPRINT) ? "pass" : "absent");
    return out;
  }

  private static String className(Message message) {
    // ice4j's own classification (it treats the old TURN Data indication 0x0115 as an indication).
    if (message instanceof Indication) {
      return "indication";
    }
    if (message instanceof Response) {
      return ((Response) message).isErrorResponse() ? "error-response" : "success-response";
    }
    return "request";
  }

  private JsonNode attributeJson(Attribute attribute, Message message) {
    char type = attribute.getAttributeType();
    ObjectNode json = JSON.objectNode();
    if (attribute instanceof OptionalAttribute) {
      // How ice4j sees every type it does not know, registered or not.
      json.put("type", typeNumber(type));
      json.put("value", Hex.encode(((OptionalAttribute) attribute).getBody()));
      return json;
    }
    String name = ICE4J_TYPE_NAMES.get((int) type);
    json.put("type", name != null ? name : typeNumber(type));
    if (attribute instanceof MappedAddressAttribute) {
      address(json, ((MappedAddressAttribute) attribute).getAddress());
    } else if (attribute instanceof AlternateServerAttribute) {
      address(json, ((AlternateServerAttribute) attribute).getAddress());
    } else if (type == Attribute.XOR_MAPPED_ADDRESS
        && attribute instanceof XorMappedAddressAttribute) {
      // As ice4j's own users do it: getAddress(message.getTransactionID()).
      address(json, ((XorMappedAddressAttribute) attribute).getAddress(message.getTransactionID()));
    } else if (attribute instanceof UsernameAttribute) {
      json.put("value", LongTermCredential.toString(((UsernameAttribute) attribute).getUsername()));
    } else if (attribute instanceof RealmAttribute) {
      json.put("value", utf8(((RealmAttribute) attribute).getRealm()));
    } else if (attribute instanceof NonceAttribute) {
      json.put("value", utf8(((NonceAttribute) attribute).getNonce()));
    } else if (attribute instanceof SoftwareAttribute) {
      json.put("value", utf8(((SoftwareAttribute) attribute).getSoftware()));
    } else if (attribute instanceof MessageIntegrityAttribute) {
      json.put("value", Hex.encode(((MessageIntegrityAttribute) attribute).getHmacSha1Content()));
    } else if (attribute instanceof FingerprintAttribute) {
      json.put("value", Hex.encode(((FingerprintAttribute) attribute).getChecksum()));
    } else if (attribute instanceof ErrorCodeAttribute) {
      ErrorCodeAttribute error = (ErrorCodeAttribute) attribute;
      json.put("code", (int) error.getErrorCode());
      // ice4j decodes the reason phrase with the platform charset (new String(bytes)).
      json.put("reason", error.getReasonPhrase());
    } else if (attribute instanceof UnknownAttributesAttribute) {
      UnknownAttributesAttribute list = (UnknownAttributesAttribute) attribute;
      ArrayNode types = json.putArray("types");
      for (int i = 0; i < list.getAttributeCount(); i++) {
        types.add(typeNumber(list.getAttribute(i)));
      }
    } else if (attribute instanceof PriorityAttribute) {
      json.put("value", ((PriorityAttribute) attribute).getPriority());
    } else if (attribute instanceof IceControlAttribute) {
      json.put(
          "tiebreaker", String.format("%016x", ((IceControlAttribute) attribute).getTieBreaker()));
    } else if (type == Attribute.USE_CANDIDATE) {
      // no fields
    } else {
      // A type ice4j knows but the contract describes as raw bytes (LIFETIME, DATA, TURN's XOR
      // addresses, …): ice4j keeps no bytes, only its decoded fields, so its view of the value is
      // what its own encoder makes of them.
      byte[] tlv = attribute.encode();
      int length = Math.min(attribute.getDataLength(), tlv.length - Attribute.HEADER_LENGTH);
      byte[] value = new byte[Math.max(0, length)];
      System.arraycopy(tlv, Attribute.HEADER_LENGTH, value, 0, value.length);
      json.put("value", Hex.encode(value));
    }
    return json;
  }

  /**
   * MESSAGE-INTEGRITY through ice4j's own validation, {@link StunStack#validateMessageIntegrity},
   * with the key from an ice4j credentials authority as ice4j would build it.
   */
  private String integrityCheck(Message message, byte[] raw, Credentials creds)
      throws SubjectException {
    Attribute attribute = message.getAttribute(Attribute.MESSAGE_INTEGRITY);
    if (!(attribute instanceof MessageIntegrityAttribute)) {
      return "absent";
    }
    if (creds == null) {
      return "unchecked";
    }
    UsernameAttribute usernameAttribute =
        (UsernameAttribute) message.getAttribute(Attribute.USERNAME);
    String messageUsername =
        usernameAttribute == null
            ? null
            : LongTermCredential.toString(usernameAttribute.getUsername());

    CredentialsAuthority authority;
    String username;
    boolean shortTerm;
    if (creds.longTerm()) {
      authority = longTermAuthority(creds);
      // ice4j validates with the USERNAME of the message (requests) or of its own request
      // (responses): the credentials' username stands in for the latter.
      username = messageUsername != null ? messageUsername : creds.username;
      shortTerm = false;
    } else {
      authority = new ShortTermAuthority(creds.password);
      // ice4j's short-term validation is ICE's: it needs a USERNAME of the form "lfrag:rfrag" and
      // answers false for any other (a plain STUN short-term USERNAME without a colon fails).
      username = messageUsername != null ? messageUsername : PLACEHOLDER_USERNAME;
      shortTerm = true;
    }
    credentials.set(authority);
    try {
      boolean valid =
          stunStack.validateMessageIntegrity(
              (MessageIntegrityAttribute) attribute,
              username,
              shortTerm,
              RawMessage.build(raw, raw.length, null, null));
      return valid ? "pass" : "fail";
    } finally {
      credentials.remove();
    }
  }

  private static String integritySha256Check(Message message, Credentials creds)
      throws SubjectException {
    // ice4j has no MESSAGE-INTEGRITY-SHA256: it sees 0x001C as an unknown attribute (and drops
    // it, like any attribute, when it follows MESSAGE-INTEGRITY).
    if (message.getAttribute(MESSAGE_INTEGRITY_SHA256) == null) {
      return "absent";
    }
    if (creds == null) {
      return "unchecked";
    }
    throw SubjectException.unimplemented(
        "ice4j has no MESSAGE-INTEGRITY-SHA256 (it decodes 0x001C as an unknown attribute)");
  }

  private static CredentialsAuthority longTermAuthority(Credentials creds) throws SubjectException {
    if (!"MD5".equals(creds.algorithm)) {
      throw SubjectException.unimplemented(
          "ice4j derives long-term keys with MD5 only (no PASSWORD-ALGORITHM "
              + creds.algorithm
              + ")");
    }
    // ice4j's long-term key: MD5(username ":" realm ":" password) over UTF-8, with no string
    // preparation at all ("TODO SASLprep" in LongTermCredentialSession), whatever the profile.
    return new LongTermCredentialSession(
        new LongTermCredential(creds.username, creds.password),
        LongTermCredential.getBytes(creds.realm));
  }

  private static SubjectException malformed(Exception e) {
    ObjectNode details = JSON.objectNode();
    String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    details.put("reason", reason);
    details.put("exception", e.getClass().getName());
    return new SubjectException("malformed", "ice4j rejected the message: " + e, details, e);
  }

  // ---------------------------------------------------------------------------------------------
  // stun.encode

  private JsonNode encode(JsonNode args) throws SubjectException, StunException {
    String cls = textArg(args, "class");
    int method = parseMethod(textArg(args, "method"));
    byte[] transactionId = hexArg(args, "transactionId");
    Credentials creds = Credentials.from(args.get("credentials"));
    JsonNode list = args.get("attributes");
    if (list != null && !list.isNull() && !list.isArray()) {
      throw SubjectException.invalidArgs("attributes must be an array");
    }
    List<JsonNode> attributes = new ArrayList<>();
    if (list != null) {
      list.forEach(attributes::add);
    }
    // The "padding" argument is not used: ice4j always pads with zero bytes.

    Message message = newMessage(cls, method);
    try {
      message.setTransactionID(transactionId);
    } catch (StunException e) {
      throw SubjectException.invalidArgs("transactionId: " + e.getMessage());
    }

    CredentialsAuthority authority = null;
    String integrityUsername = null;
    if (wantsComputed(attributes, "MESSAGE-INTEGRITY")) {
      if (creds == null) {
        throw SubjectException.invalidArgs("MESSAGE-INTEGRITY to compute but no credentials");
      }
      if (message instanceof Indication) {
        // MessageIntegrityAttribute.encode only has a key for requests (the remote key) and
        // responses (the local key); for an indication it logs "Can not encode a message of type
        // Indication" and fails.
        throw SubjectException.unimplemented(
            "ice4j cannot compute MESSAGE-INTEGRITY for an indication");
      }
      if (creds.longTerm()) {
        authority = longTermAuthority(creds);
        integrityUsername = creds.username;
      } else {
        authority = new ShortTermAuthority(creds.password);
        integrityUsername = usernameIn(attributes);
      }
    }

    for (JsonNode attribute : attributes) {
      // putAttribute keeps one attribute per type (a repeated type replaces the earlier value in
      // the earlier place).
      message.putAttribute(toAttribute(attribute, transactionId, integrityUsername));
    }

    credentials.set(authority);
    try {
      // ice4j moves MESSAGE-INTEGRITY and then FINGERPRINT to the end of the message, wherever
      // they were listed, and computes them there.
      byte[] bytes = message.encode(stunStack);
      ObjectNode out = JSON.objectNode();
      out.put("hex", Hex.encode(bytes));
      return out;
    } finally {
      credentials.remove();
    }
  }

  private static Message newMessage(String cls, int method) throws SubjectException {
    // ice4j's message constructors are package-private: MessageFactory makes an empty message of
    // the right class, which then takes the requested type.
    Message message;
    int classBits;
    switch (cls) {
      case "request":
        message = MessageFactory.createBindingRequest();
        classBits = 0b00;
        break;
      case "indication":
        message = MessageFactory.createBindingIndication();
        classBits = 0b01;
        break;
      case "success-response":
        message = MessageFactory.createChannelBindResponse();
        classBits = 0b10;
        break;
      case "error-response":
        message = MessageFactory.createChannelBindResponse();
        classBits = 0b11;
        break;
      default:
        throw SubjectException.invalidArgs("unknown class " + cls);
    }
    char type = messageType(classBits, method);
    if (message instanceof Request) {
      ((Request) message).setMessageType(type);
    } else if (message instanceof Indication) {
      ((Indication) message).setMessageType(type);
    } else {
      ((Response) message).setMessageType(type);
    }
    return message;
  }

  private Attribute toAttribute(JsonNode json, byte[] transactionId, String integrityUsername)
      throws SubjectException, StunException {
    if (!json.isObject()) {
      throw SubjectException.invalidArgs("an attribute must be an object: " + json);
    }
    String name = textArg(json, "type");
    JsonNode value = json.get("value");
    switch (name) {
      case "MAPPED-ADDRESS":
        return AttributeFactory.createMappedAddressAttribute(transportAddress(json));
      case "XOR-MAPPED-ADDRESS":
        return AttributeFactory.createXorMappedAddressAttribute(
            transportAddress(json), transactionId);
      case "ALTERNATE-SERVER":
        throw SubjectException.unimplemented(
            "ice4j's AttributeFactory cannot create ALTERNATE-SERVER");
      case "USERNAME":
        return AttributeFactory.createUsernameAttribute(textArg(json, "value"));
      case "REALM":
        return AttributeFactory.createRealmAttribute(utf8(textArg(json, "value")));
      case "NONCE":
        return AttributeFactory.createNonceAttribute(utf8(textArg(json, "value")));
      case "SOFTWARE":
        return AttributeFactory.createSoftwareAttribute(utf8(textArg(json, "value")));
      case "ERROR-CODE":
        {
          JsonNode reason = json.get("reason");
          return AttributeFactory.createErrorCodeAttribute(
              (char) intArg(json, "code"),
              reason == null || reason.isNull() ? null : reason.asText());
        }
      case "UNKNOWN-ATTRIBUTES":
        {
          UnknownAttributesAttribute list = AttributeFactory.createUnknownAttributesAttribute();
          JsonNode types = json.get("types");
          if (types == null || !types.isArray()) {
            throw SubjectException.invalidArgs("UNKNOWN-ATTRIBUTES needs types");
          }
          for (JsonNode t : types) {
            list.addAttributeID((char) parseType(t.asText()));
          }
          return list;
        }
      case "PRIORITY":
        return AttributeFactory.createPriorityAttribute(longArg(json, "value"));
      case "USE-CANDIDATE":
        return AttributeFactory.createUseCandidateAttribute();
      case "ICE-CONTROLLED":
        return AttributeFactory.createIceControlledAttribute(tiebreaker(json));
      case "ICE-CONTROLLING":
        return AttributeFactory.createIceControllingAttribute(tiebreaker(json));
      case "MESSAGE-INTEGRITY":
        requireComputed(json, "MESSAGE-INTEGRITY");
        return AttributeFactory.createMessageIntegrityAttribute(integrityUsername);
      case "FINGERPRINT":
        requireComputed(json, "FINGERPRINT");
        return AttributeFactory.createFingerprintAttribute();
      case "MESSAGE-INTEGRITY-SHA256":
        if (value == null || value.isNull()) {
          throw SubjectException.unimplemented("ice4j has no MESSAGE-INTEGRITY-SHA256");
        }
        return opaque(MESSAGE_INTEGRITY_SHA256, Hex.decode(value.asText()));
      case "PASSWORD-ALGORITHM":
      case "PASSWORD-ALGORITHMS":
        throw SubjectException.unimplemented("ice4j has no " + name + " attribute");
      case "ALTERNATE-DOMAIN":
        return opaque(TYPES_BY_NAME.get(name), utf8(textArg(json, "value")));
      case "XOR-PEER-ADDRESS":
        if (json.has("address")) {
          return AttributeFactory.createXorPeerAddressAttribute(
              transportAddress(json), transactionId);
        }
        break;
      case "XOR-RELAYED-ADDRESS":
        if (json.has("address")) {
          return AttributeFactory.createXorRelayedAddressAttribute(
              transportAddress(json), transactionId);
        }
        break;
      default:
        break;
    }
    // Anything else comes as raw bytes: ice4j's attribute decoder makes of them what ice4j makes
    // of such an attribute on the wire (its own class for a type it knows, an opaque attribute
    // otherwise), and ice4j's encoder writes that back.
    if (value == null || !value.isTextual()) {
      throw SubjectException.invalidArgs("attribute " + name + " needs a hex value");
    }
    return opaque(parseType(name), hexValue(value.asText()));
  }

  private static Attribute opaque(int type, byte[] value) throws StunException {
    int padded = (value.length + 3) & ~3;
    byte[] tlv = new byte[Attribute.HEADER_LENGTH + padded];
    tlv[0] = (byte) (type >> 8);
    tlv[1] = (byte) type;
    tlv[2] = (byte) (value.length >> 8);
    tlv[3] = (byte) value.length;
    System.arraycopy(value, 0, tlv, Attribute.HEADER_LENGTH, value.length);
    return AttributeDecoder.decode(tlv, 0, tlv.length);
  }

  private static void requireComputed(JsonNode json, String name) throws SubjectException {
    JsonNode value = json.get("value");
    if (value != null && !value.isNull()) {
      // ice4j always computes these while encoding; it has no way to send a given value.
      throw SubjectException.unimplemented("ice4j cannot send a given " + name + " value");
    }
  }

  private static boolean wantsComputed(List<JsonNode> attributes, String name) {
    for (JsonNode a : attributes) {
      if (name.equals(a.path("type").asText()) && !a.hasNonNull("value")) {
        return true;
      }
    }
    return false;
  }

  private static String usernameIn(List<JsonNode> attributes) {
    for (JsonNode a : attributes) {
      if ("USERNAME".equals(a.path("type").asText())) {
        return a.path("value").asText();
      }
    }
    return PLACEHOLDER_USERNAME;
  }

  private static TransportAddress transportAddress(JsonNode json) throws SubjectException {
    String literal = textArg(json, "address");
    int port = intArg(json, "port");
    if (!IPV4_LITERAL.matcher(literal).matches() && literal.indexOf(':') < 0) {
      throw SubjectException.invalidArgs("not an IP address literal: " + literal);
    }
    try {
      // A literal: InetAddress does no name lookup.
      return new TransportAddress(InetAddress.getByName(literal), port, Transport.UDP);
    } catch (UnknownHostException | IllegalArgumentException e) {
      throw SubjectException.invalidArgs("bad address " + literal + ":" + port + ": " + e);
    }
  }

  private static long tiebreaker(JsonNode json) throws SubjectException {
    String hex = Hex.normalize(textArg(json, "tiebreaker"));
    try {
      return Long.parseUnsignedLong(hex, 16);
    } catch (NumberFormatException e) {
      throw SubjectException.invalidArgs("tiebreaker is not 16 hex digits: " + hex);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  /** The 12 method bits of a message type (RFC 8489 §5); ice4j has no accessor for them. */
  static int methodOf(char messageType) {
    return (messageType & 0x000F) | ((messageType >> 1) & 0x0070) | ((messageType >> 2) & 0x0F80);
  }

  static char messageType(int classBits, int method) {
    return (char)
        ((method & 0x000F)
            | ((method & 0x0070) << 1)
            | ((method & 0x0F80) << 2)
            | ((classBits & 0b01) << 4)
            | ((classBits & 0b10) << 7));
  }

  private static String methodName(int method) {
    String name = METHOD_NAMES.get(method);
    return name != null ? name : String.format("0x%03X", method);
  }

  private static int parseMethod(String text) throws SubjectException {
    String lower = text.toLowerCase(Locale.ROOT);
    for (Map.Entry<Integer, String> e : METHOD_NAMES.entrySet()) {
      if (e.getValue().equals(lower)) {
        return e.getKey();
      }
    }
    if (lower.matches("0x[0-9a-f]{1,3}")) {
      return Integer.parseInt(lower.substring(2), 16);
    }
    throw SubjectException.invalidArgs("unknown method " + text);
  }

  private static int parseType(String name) throws SubjectException {
    Integer known = TYPES_BY_NAME.get(name);
    if (known != null) {
      return known;
    }
    if (TYPE_NUMBER.matcher(name).matches()) {
      return Integer.parseInt(name.substring(2), 16);
    }
    throw SubjectException.invalidArgs("unknown attribute type " + name);
  }

  private static String typeNumber(int type) {
    return String.format("0x%04X", type);
  }

  private static void address(ObjectNode json, TransportAddress address) {
    InetAddress ip = address.getAddress();
    json.put("family", ip instanceof Inet6Address ? "IPv6" : "IPv4");
    json.put("address", StunMessageJson.text(ip));
    json.put("port", address.getPort());
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String textArg(JsonNode args, String field) throws SubjectException {
    JsonNode node = args == null ? null : args.get(field);
    if (node == null || !node.isTextual()) {
      throw SubjectException.invalidArgs(field + " must be a string");
    }
    return node.asText();
  }

  private static int intArg(JsonNode args, String field) throws SubjectException {
    JsonNode node = args.get(field);
    if (node == null || !node.canConvertToInt()) {
      throw SubjectException.invalidArgs(field + " must be an integer");
    }
    return node.asInt();
  }

  private static long longArg(JsonNode args, String field) throws SubjectException {
    JsonNode node = args.get(field);
    if (node == null || !node.canConvertToLong()) {
      throw SubjectException.invalidArgs(field + " must be an integer");
    }
    return node.asLong();
  }

  private static byte[] hexArg(JsonNode args, String field) throws SubjectException {
    return hexValue(textArg(args, field));
  }

  private static byte[] hexValue(String hex) throws SubjectException {
    try {
      return Hex.decode(hex);
    } catch (IllegalArgumentException e) {
      throw SubjectException.invalidArgs(e.getMessage());
    }
  }

  private static JsonNode failureDetails(Throwable e) {
    ObjectNode details = JSON.objectNode();
    details.put("exception", e.getClass().getName());
    if (e.getMessage() != null) {
      details.put("reason", e.getMessage());
    }
    return details;
  }

  private void warnIfSoftwareIsAdded() {
    try {
      Request probe = MessageFactory.createBindingRequest();
      probe.setTransactionID(new byte[12]);
      if (probe.encode(stunStack).length > Message.HEADER_LENGTH) {
        LOG.log(
            Level.WARNING,
            "ice4j adds a SOFTWARE attribute to every message it encodes (its configuration was"
                + " loaded before the ice4j subject set ice4j.software to \"\"); stun.encode"
                + " answers will carry it");
      }
    } catch (StunException | RuntimeException e) {
      LOG.log(Level.DEBUG, "SOFTWARE probe failed", e);
    }
  }

  /** The credentials of a {@code stun.decode} or {@code stun.encode} request. */
  private static final class Credentials {
    final String username;
    final String realm;
    final String password;
    final String algorithm;

    private Credentials(String username, String realm, String password, String algorithm) {
      this.username = username;
      this.realm = realm;
      this.password = password;
      this.algorithm = algorithm;
    }

    /** Long-term credentials name a realm (RFC 8489 §9.2); short-term ones only a password. */
    boolean longTerm() {
      return realm != null;
    }

    static Credentials from(JsonNode json) throws SubjectException {
      if (json == null || json.isNull()) {
        return null;
      }
      if (!json.isObject()) {
        throw SubjectException.invalidArgs("credentials must be an object");
      }
      String password = textArg(json, "password");
      String realm = json.hasNonNull("realm") ? json.get("realm").asText() : null;
      String username = json.hasNonNull("username") ? json.get("username").asText() : null;
      if (realm != null && username == null) {
        throw SubjectException.invalidArgs("long-term credentials need a username");
      }
      String algorithm =
          json.hasNonNull("algorithm")
              ? json.get("algorithm").asText().toUpperCase(Locale.ROOT)
              : "MD5";
      // "profile" (saslprep / OpaqueString) is not read: ice4j prepares no strings.
      return new Credentials(username, realm, password, algorithm);
    }
  }

  /**
   * ICE's short-term key as ice4j's ConnectivityCheckServer builds it: the password's bytes in the
   * platform charset ({@code String.getBytes()}), whatever the username.
   */
  private static final class ShortTermAuthority implements CredentialsAuthority {
    private final String password;

    ShortTermAuthority(String password) {
      this.password = password;
    }

    @Override
    public byte[] getLocalKey(String username) {
      return password.getBytes(Charset.defaultCharset());
    }

    @Override
    public byte[] getRemoteKey(String username, String media) {
      return password.getBytes(Charset.defaultCharset());
    }

    @Override
    public boolean checkLocalUserName(String username) {
      return true;
    }
  }

  /** The one authority registered with the StunStack: the calling thread's credentials. */
  private static final class CurrentThreadAuthority implements CredentialsAuthority {
    private final ThreadLocal<CredentialsAuthority> current;

    CurrentThreadAuthority(ThreadLocal<CredentialsAuthority> current) {
      this.current = current;
    }

    @Override
    public byte[] getLocalKey(String username) {
      CredentialsAuthority a = current.get();
      return a == null ? null : a.getLocalKey(username);
    }

    @Override
    public byte[] getRemoteKey(String username, String media) {
      CredentialsAuthority a = current.get();
      return a == null ? null : a.getRemoteKey(username, media);
    }

    @Override
    public boolean checkLocalUserName(String username) {
      CredentialsAuthority a = current.get();
      return a != null && a.checkLocalUserName(username);
    }
  }
}
