package org.ufileregistry.conformance;

// Ports conformance/setup.go and the document types of conformance/image.go
// (opencontainers/distribution-spec, setup.go @ b5f09eb, image.go @ 3ec8a56).

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Everything Go's {@code init()} in setup.go computes before the first spec runs: the knobs read
 * from the environment and the test documents. The knobs keep their Go names but are read as
 * system properties ({@code -DOCI_NAMESPACE=...}), because Maven forwards {@code -D} to the forked
 * test JVM while the environment of the CI job is not ours to set per run.
 */
final class ConformanceSetup {

  private ConformanceSetup() {}

  record TestBlob(byte[] content, String contentLength, String digest) {}

  // Workflow bits, then the error-code indices: they share one Go const block, so iota does not
  // restart and BLOB_UNKNOWN is 5, not 0.
  static final int PULL = 1;
  static final int PUSH = 1 << 1;
  static final int CONTENT_DISCOVERY = 1 << 2;
  static final int CONTENT_MANAGEMENT = 1 << 3;
  static final int NUM_WORKFLOWS = 1 << 4;

  static final int BLOB_UNKNOWN = 5;
  static final int UNSUPPORTED = 19;

  static final String ENV_ROOT_URL = "OCI_ROOT_URL";
  static final String ENV_NAMESPACE = "OCI_NAMESPACE";
  static final String ENV_USERNAME = "OCI_USERNAME";
  static final String ENV_PASSWORD = "OCI_PASSWORD";
  static final String ENV_DEBUG = "OCI_DEBUG";
  static final String ENV_PULL = "OCI_TEST_PULL";
  static final String ENV_PUSH = "OCI_TEST_PUSH";
  static final String ENV_CONTENT_DISCOVERY = "OCI_TEST_CONTENT_DISCOVERY";
  static final String ENV_CONTENT_MANAGEMENT = "OCI_TEST_CONTENT_MANAGEMENT";
  static final String ENV_BLOB_DIGEST = "OCI_BLOB_DIGEST";
  static final String ENV_MANIFEST_DIGEST = "OCI_MANIFEST_DIGEST";
  static final String ENV_TAG_NAME = "OCI_TAG_NAME";
  static final String ENV_TAG_LIST = "OCI_TAG_LIST";
  static final String ENV_DELETE_MANIFEST_BEFORE_BLOBS = "OCI_DELETE_MANIFEST_BEFORE_BLOBS";
  static final String ENV_CROSSMOUNT_NAMESPACE = "OCI_CROSSMOUNT_NAMESPACE";
  static final String ENV_AUTOMATIC_CROSSMOUNT = "OCI_AUTOMATIC_CROSSMOUNT";
  /** Ginkgo's --seed; Go takes it from GinkgoRandomSeed(), which defaults to the current time. */
  static final String PROP_SEED = "OCI_SEED";

  static final String EMPTY_LAYER_TEST_TAG = "emptylayer";
  static final String TEST_TAG_NAME = "tagtest0";

  // A base64 gzip tarball holding one text file (test.txt), as setup.go ships it.
  static final String LAYER_BASE64 =
      "H4sIAAAAAAAAA+3OQQrCMBCF4a49xXgBSUnaHMCTRBptQRNpp6i3t0UEV7oqIv7fYgbmzeJpHHSjVy0"
          + "WZCa1c/MufWVe94N3RWlrZ72x3k/30nhbFWKWLPU0Dhp6keJ8im//PuU/6pZH2WVtYx8b0Sz7LjWSR5VLG6YRBumSzOlGtjkd+qD"
          + "jMWiX07Befbs7AAAAAAAAAAAAAAAAAPyzO34MnqoAKAAA";

  static final String ARTIFACT_TYPE_FILTER = "artifactType";

  static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
  static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
  static final String CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
  static final String LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
  static final String EMPTY_JSON_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";

  static final long seed;
  static final String rootUrl;
  static final String namespace;
  static final String username;
  static final String password;
  static final boolean debug;
  static final String crossmountNamespace;
  static final int testsToRun;

  static final List<TestBlob> configs = new ArrayList<>();
  static final List<TestBlob> manifests = new ArrayList<>();

  static final byte[] layerBlobData;
  static final String layerBlobDigest;
  static final String layerBlobContentLength;

  static final byte[] emptyLayerManifestContent;
  static final String emptyLayerManifestDigest;
  static final String nonexistentManifest = ".INVALID_MANIFEST_NAME";
  static final byte[] invalidManifestContent = "blablabla".getBytes(StandardCharsets.UTF_8);

  static final byte[] testBlobA;
  static final String testBlobALength;
  static final String testBlobADigest;

  // Rebuilt by the push workflow when the registry announces a larger OCI-Chunk-Min-Length.
  static byte[] testBlobB;
  static String testBlobBDigest;
  static byte[] testBlobBChunk1;
  static String testBlobBChunk1Length;
  static String testBlobBChunk1Range;
  static byte[] testBlobBChunk2;
  static String testBlobBChunk2Length;
  static String testBlobBChunk2Range;

  static final byte[] emptyJSONBlob = "{}".getBytes(StandardCharsets.UTF_8);
  static final Map<String, Object> emptyJSONDescriptor;
  static final String emptyJSONDescriptorDigest;
  static final long emptyJSONDescriptorSize;

  static final byte[] testRefBlobA =
      "NHL Peanut Butter on my NHL bagel".getBytes(StandardCharsets.UTF_8);
  static final String testRefBlobALength = Integer.toString(testRefBlobA.length);
  static final String testRefBlobADigest = digest(testRefBlobA);
  static final String testRefArtifactTypeA = "application/vnd.nhl.peanut.butter.bagel";
  static final byte[] testRefBlobB =
      "NBA Strawberry Jam on my NBA croissant".getBytes(StandardCharsets.UTF_8);
  static final String testRefBlobBLength = Integer.toString(testRefBlobB.length);
  static final String testRefBlobBDigest = digest(testRefBlobB);
  static final String testRefArtifactTypeB = "application/vnd.nba.strawberry.jam.croissant";
  static final String testRefArtifactTypeIndex = "application/vnd.food.stand";

  static final String testAnnotationKey = "org.opencontainers.conformance.test";
  static final Map<String, String> testAnnotationValues = new HashMap<>();

  static final byte[] refsManifestAConfigArtifactContent;
  static final String refsManifestAConfigArtifactDigest;
  static final byte[] refsManifestBConfigArtifactContent;
  static final String refsManifestBConfigArtifactDigest;
  static final byte[] refsManifestALayerArtifactContent;
  static final String refsManifestALayerArtifactDigest;
  static final byte[] refsManifestBLayerArtifactContent;
  static final String refsManifestBLayerArtifactDigest;
  static final byte[] refsManifestCLayerArtifactContent;
  static final String refsManifestCLayerArtifactDigest;
  static final byte[] refsIndexArtifactContent;
  static final String refsIndexArtifactDigest;

  static final String dummyDigest = digest("hello world".getBytes(StandardCharsets.UTF_8));

  /**
   * Go fills a slice by index from BLOB_UNKNOWN (5) on, so indices 0..4 hold "" and an error
   * whose code is "" is accepted by {@code ContainElement}; kept as is, the port must not be
   * stricter than the suite.
   */
  static final List<String> errorCodes =
      List.of(
          "", "", "", "", "",
          "BLOB_UNKNOWN",
          "BLOB_UPLOAD_INVALID",
          "BLOB_UPLOAD_UNKNOWN",
          "DIGEST_INVALID",
          "MANIFEST_BLOB_UNKNOWN",
          "MANIFEST_INVALID",
          "MANIFEST_UNKNOWN",
          "MANIFEST_UNVERIFIED",
          "NAME_INVALID",
          "NAME_UNKNOWN",
          "SIZE_INVALID",
          "TAG_INVALID",
          "UNAUTHORIZED",
          "DENIED",
          "UNSUPPORTED");

  static final boolean runPullSetup;
  static final boolean runPushSetup = true;
  static final boolean runContentDiscoverySetup;
  static final boolean runContentManagementSetup = true;
  static final boolean deleteManifestBeforeBlobs;
  static final boolean runAutomaticCrossmountTest;
  static final boolean automaticCrossmountEnabled;

  static {
    String seedProp = env(PROP_SEED);
    seed = seedProp.isEmpty() ? System.currentTimeMillis() / 1000 : Long.parseLong(seedProp);
    rootUrl = env(ENV_ROOT_URL);
    namespace = System.getProperty(ENV_NAMESPACE, "conformance/test");
    username = env(ENV_USERNAME);
    password = env(ENV_PASSWORD);
    debug = parseBool(env(ENV_DEBUG));
    String cross = env(ENV_CROSSMOUNT_NAMESPACE);
    crossmountNamespace = cross.isEmpty() ? "conformance-" + UUID.randomUUID() : cross;

    // Go runs nothing unless told to; here every workflow is on unless switched off.
    int run = 0;
    for (Map.Entry<String, Integer> e :
        Map.of(ENV_PULL, PULL, ENV_PUSH, PUSH, ENV_CONTENT_DISCOVERY, CONTENT_DISCOVERY,
                ENV_CONTENT_MANAGEMENT, CONTENT_MANAGEMENT)
            .entrySet()) {
      if (parseBool(System.getProperty(e.getKey(), "1"))) {
        run |= e.getValue();
      }
    }
    testsToRun = run;

    // One config per workflow bit value (Go loops to numWorkflows, i.e. 16), each made unique by
    // a random author so that no two runs share a blob digest.
    for (int i = 0; i < NUM_WORKFLOWS; i++) {
      Map<String, Object> rootfs = new LinkedHashMap<>();
      rootfs.put("type", "layers");
      rootfs.put("diff_ids", List.of());
      Map<String, Object> image = new LinkedHashMap<>();
      image.put("author", randomString(16));
      image.put("architecture", "amd64");
      image.put("os", "linux");
      image.put("rootfs", rootfs);
      byte[] content = GoJson.marshalIndent(image);
      String d = digest(content);
      if (!env(ENV_BLOB_DIGEST).isEmpty()) {
        d = env(ENV_BLOB_DIGEST);
      }
      configs.add(new TestBlob(content, Integer.toString(content.length), d));
    }

    layerBlobData = Base64.getDecoder().decode(LAYER_BASE64);
    layerBlobDigest = digest(layerBlobData);
    layerBlobContentLength = Integer.toString(layerBlobData.length);
    List<Object> layers =
        List.of(descriptor(LAYER_MEDIA_TYPE, layerBlobDigest, layerBlobData.length));

    for (int i = 0; i < NUM_WORKFLOWS; i++) {
      Map<String, Object> manifest = new LinkedHashMap<>();
      manifest.put("schemaVersion", 2);
      manifest.put("mediaType", MANIFEST_MEDIA_TYPE);
      manifest.put("config", configDescriptor(configs.get(i)));
      manifest.put("layers", layers);
      byte[] content = GoJson.marshalIndent(manifest);
      String d = digest(content);
      if (!env(ENV_MANIFEST_DIGEST).isEmpty()) {
        d = env(ENV_MANIFEST_DIGEST);
      }
      manifests.add(new TestBlob(content, Integer.toString(content.length), d));
    }

    // used in push test; Go leaves mediaType unset here, so omitempty drops it
    Map<String, Object> emptyLayerManifest = new LinkedHashMap<>();
    emptyLayerManifest.put("schemaVersion", 2);
    emptyLayerManifest.put("config", configDescriptor(configs.get(1)));
    emptyLayerManifest.put("layers", List.of());
    emptyLayerManifestContent = GoJson.marshalIndent(emptyLayerManifest);
    emptyLayerManifestDigest = digest(emptyLayerManifestContent);

    byte[] a = randomBlob(42, seed + 1);
    testBlobA = a;
    testBlobALength = Integer.toString(a.length);
    testBlobADigest = digest(a);

    setupChunkedBlob(42);

    emptyJSONDescriptorDigest = digest(emptyJSONBlob);
    emptyJSONDescriptorSize = emptyJSONBlob.length;
    emptyJSONDescriptor =
        descriptor(EMPTY_JSON_MEDIA_TYPE, emptyJSONDescriptorDigest, emptyJSONBlob.length);

    Map<String, Object> subject4 = subjectOf(manifests.get(4).content());

    refsManifestAConfigArtifactContent =
        artifact(null, descriptor(testRefArtifactTypeA, testRefBlobADigest, testRefBlobA.length),
            subject4, List.of(emptyJSONDescriptor), "test config a");
    refsManifestAConfigArtifactDigest = register(refsManifestAConfigArtifactContent, "test config a");

    refsManifestBConfigArtifactContent =
        artifact(null, descriptor(testRefArtifactTypeB, testRefBlobBDigest, testRefBlobB.length),
            subject4, List.of(emptyJSONDescriptor), "test config b");
    refsManifestBConfigArtifactDigest = register(refsManifestBConfigArtifactContent, "test config b");

    refsManifestALayerArtifactContent =
        artifact(testRefArtifactTypeA, emptyJSONDescriptor, subject4,
            List.of(descriptor(testRefArtifactTypeA, testRefBlobADigest, testRefBlobA.length)),
            "test layer a");
    refsManifestALayerArtifactDigest = register(refsManifestALayerArtifactContent, "test layer a");

    refsManifestBLayerArtifactContent =
        artifact(testRefArtifactTypeB, emptyJSONDescriptor, subject4,
            List.of(descriptor(testRefArtifactTypeB, testRefBlobBDigest, testRefBlobB.length)),
            "test layer b");
    refsManifestBLayerArtifactDigest = register(refsManifestBLayerArtifactContent, "test layer b");

    // same as B, but its subject (manifests[3]) is never pushed by the discovery workflow
    refsManifestCLayerArtifactContent =
        artifact(testRefArtifactTypeB, emptyJSONDescriptor, subjectOf(manifests.get(3).content()),
            List.of(descriptor(testRefArtifactTypeB, testRefBlobBDigest, testRefBlobB.length)),
            null);
    refsManifestCLayerArtifactDigest = digest(refsManifestCLayerArtifactContent);

    Map<String, Object> index = new LinkedHashMap<>();
    index.put("schemaVersion", 2);
    index.put("mediaType", INDEX_MEDIA_TYPE);
    index.put("artifactType", testRefArtifactTypeIndex);
    index.put("manifests", List.of(
        descriptor(MANIFEST_MEDIA_TYPE, digest(refsManifestAConfigArtifactContent),
            refsManifestAConfigArtifactContent.length),
        descriptor(MANIFEST_MEDIA_TYPE, digest(refsManifestALayerArtifactContent),
            refsManifestALayerArtifactContent.length)));
    index.put("subject", subject4);
    index.put("annotations", new TreeMap<>(Map.of(testAnnotationKey, "test index")));
    refsIndexArtifactContent = GoJson.marshalIndent(index);
    refsIndexArtifactDigest = register(refsIndexArtifactContent, "test index");

    runPullSetup =
        !(!env(ENV_TAG_NAME).isEmpty()
            && !env(ENV_MANIFEST_DIGEST).isEmpty()
            && !env(ENV_BLOB_DIGEST).isEmpty());
    runContentDiscoverySetup = env(ENV_TAG_LIST).isEmpty();

    String deleteFirst = System.getProperty(ENV_DELETE_MANIFEST_BEFORE_BLOBS);
    deleteManifestBeforeBlobs = deleteFirst == null || parseBool(deleteFirst);
    String autoCross = System.getProperty(ENV_AUTOMATIC_CROSSMOUNT);
    runAutomaticCrossmountTest = autoCross != null;
    automaticCrossmountEnabled = autoCross != null && parseBool(autoCross);

    System.out.printf(
        "conformance: seed=%d namespace=%s crossmount=%s deleteManifestBeforeBlobs=%s%n",
        seed, namespace, crossmountNamespace, deleteManifestBeforeBlobs);
  }

  /** Rebuilds the two-chunk blob; the first chunk is one byte longer than half. */
  static void setupChunkedBlob(int size) {
    byte[] blob = randomBlob(size, seed + 2);
    testBlobB = blob;
    testBlobBDigest = digest(blob);
    testBlobBChunk1 = Arrays.copyOfRange(blob, 0, size / 2 + 1);
    testBlobBChunk1Length = Integer.toString(testBlobBChunk1.length);
    testBlobBChunk1Range = String.format("0-%d", testBlobBChunk1.length - 1);
    testBlobBChunk2 = Arrays.copyOfRange(blob, size / 2 + 1, size);
    testBlobBChunk2Length = Integer.toString(testBlobBChunk2.length);
    testBlobBChunk2Range = String.format("%d-%d", testBlobBChunk1.length, blob.length - 1);
  }

  static String env(String name) {
    return System.getProperty(name, "");
  }

  /** Go's strconv.ParseBool, with a parse error counting as false as the suite ignores it. */
  static boolean parseBool(String v) {
    return switch (v) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      default -> false;
    };
  }

  static String digest(byte[] content) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** crypto/rand letters, as Go's randomString. */
  static String randomString(int n) {
    String letters = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-";
    SecureRandom r = new SecureRandom();
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(letters.charAt(r.nextInt(letters.length())));
    }
    return sb.toString();
  }

  /**
   * Reproducible from the seed like Go's randomBlob; the bytes differ from Go's math/rand for the
   * same seed, which no spec depends on.
   */
  static byte[] randomBlob(int size, long blobSeed) {
    byte[] b = new byte[size];
    new Random(blobSeed).nextBytes(b);
    return b;
  }

  /** A Go {@code descriptor}: NewUnspecifiedField has no omitempty, so nil encodes as null. */
  static Map<String, Object> descriptor(String mediaType, String digest, long size) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("mediaType", mediaType);
    d.put("digest", digest);
    d.put("size", size);
    d.put("newUnspecifiedField", null);
    return d;
  }

  private static Map<String, Object> configDescriptor(TestBlob config) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("mediaType", CONFIG_MEDIA_TYPE);
    d.put("digest", config.digest());
    d.put("size", (long) config.content().length);
    d.put("data", config.content()); // must be the config content
    d.put("newUnspecifiedField", "hello world".getBytes(StandardCharsets.UTF_8)); // any content
    return d;
  }

  private static Map<String, Object> subjectOf(byte[] manifestContent) {
    return descriptor(MANIFEST_MEDIA_TYPE, digest(manifestContent), manifestContent.length);
  }

  private static byte[] artifact(String artifactType, Map<String, Object> config,
      Map<String, Object> subject, List<Object> layers, String annotation) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schemaVersion", 2);
    m.put("mediaType", MANIFEST_MEDIA_TYPE);
    if (artifactType != null) {
      m.put("artifactType", artifactType);
    }
    m.put("config", config);
    m.put("layers", layers);
    m.put("subject", subject);
    if (annotation != null) {
      m.put("annotations", new TreeMap<>(Map.of(testAnnotationKey, annotation)));
    }
    return GoJson.marshalIndent(m);
  }

  private static String register(byte[] content, String annotation) {
    String d = digest(content);
    testAnnotationValues.put(d, annotation);
    return d;
  }
}
