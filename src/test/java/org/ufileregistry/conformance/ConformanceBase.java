package org.ufileregistry.conformance;

// Ports the helpers of conformance/setup.go (SkipIfDisabled, RunOnlyIf, RunOnlyIfNot, Warn,
// getTagList, getTagNameFromResponse) and the reggie client set up in its init().

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.ufileregistry.conformance.RegistryClient.GoDecode;
import org.ufileregistry.conformance.RegistryClient.Request;
import org.ufileregistry.conformance.RegistryClient.Response;
import org.ufileregistry.it.RegistryDeployment;

/**
 * Shared by the four workflow classes. Go keeps the state between specs in closure variables of
 * one process; the ported specs keep it in static fields because JUnit creates a new instance per
 * test method.
 */
abstract class ConformanceBase extends RegistryDeployment {

  static final String GET = "GET";
  static final String HEAD = "HEAD";
  static final String POST = "POST";
  static final String PUT = "PUT";
  static final String PATCH = "PATCH";
  static final String DELETE = "DELETE";

  static final RegistryClient client =
      new RegistryClient(
          ConformanceSetup.rootUrl.isEmpty() ? registry().toString() : ConformanceSetup.rootUrl,
          ConformanceSetup.namespace,
          ConformanceSetup.username,
          ConformanceSetup.password,
          ConformanceSetup.debug);

  static Request newRequest(String method, String path, RegistryClient.Option... options) {
    return client.newRequest(method, path, options);
  }

  /** client.Do; a transport error fails the spec as Go's {@code Expect(err).To(BeNil())}. */
  static Response send(Request req) throws IOException, InterruptedException {
    return client.send(req);
  }

  static void skipIfDisabled(int workflow) {
    Assumptions.assumeTrue(
        (workflow & ConformanceSetup.testsToRun) > 0,
        "you have skipped this test; if this is an error, check your OCI_TEST_* settings");
  }

  static void runOnlyIf(boolean v) {
    Assumptions.assumeTrue(v, "you have skipped this test.");
  }

  static void runOnlyIfNot(boolean v) {
    Assumptions.assumeFalse(v, "you have skipped this test.");
  }

  /**
   * Stands in for Ginkgo building a spec only {@code if deleteManifestBeforeBlobs} (or its
   * negation): JUnit cannot leave a method out, so the unregistered one reports as skipped.
   */
  static void registeredOnlyIf(boolean v) {
    Assumptions.assumeTrue(v, "not registered with this OCI_DELETE_MANIFEST_BEFORE_BLOBS");
  }

  static void warn(String message) {
    System.err.println("WARNING: " + message);
  }

  // ---- gomega matchers the suite uses on status codes ----

  /** SatisfyAll(BeNumerically(">=", 200), BeNumerically("<", 300)). */
  static void expect2xx(Response resp) {
    int s = resp.statusCode();
    assertTrue(s >= 200 && s < 300, () -> "expected 2xx but got " + describe(resp));
  }

  /** SatisfyAny(SatisfyAll(>=200, <300), Equal(other)...). */
  static void expect2xxOr(Response resp, int... others) {
    int s = resp.statusCode();
    boolean ok = (s >= 200 && s < 300) || Arrays.stream(others).anyMatch(o -> o == s);
    assertTrue(ok, () -> "expected 2xx or " + Arrays.toString(others) + " but got "
        + describe(resp));
  }

  /** Equal(status) or SatisfyAny(Equal(a), Equal(b), ...). */
  static void expectStatus(Response resp, int... allowed) {
    int s = resp.statusCode();
    if (allowed.length == 1) {
      assertEquals(allowed[0], s, () -> "unexpected status: " + describe(resp));
    } else {
      assertTrue(Arrays.stream(allowed).anyMatch(a -> a == s),
          () -> "expected one of " + Arrays.toString(allowed) + " but got " + describe(resp));
    }
  }

  static String describe(Response resp) {
    String body = resp.string();
    if (body.length() > 500) {
      body = body.substring(0, 500) + "...";
    }
    return resp.statusCode() + " " + resp.headers().map() + " " + body;
  }

  // ---- tag list decoding (setup.go TagList) ----

  record TagList(String name, List<String> tags) {}

  /** json.Unmarshal into TagList; throws where Go returns an error. */
  static TagList decodeTagList(byte[] body) {
    JsonValue v = GoDecode.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    if (v.getValueType() == JsonValue.ValueType.NULL) {
      return new TagList("", new ArrayList<>());
    }
    JsonObject o = GoDecode.object(v, "TagList");
    return new TagList(GoDecode.string(o, "name"), GoDecode.strings(o, "tags"));
  }

  /** getTagList: the tags, or an empty list when the body does not decode. */
  static List<String> getTagList(Response resp) {
    try {
      return decodeTagList(resp.body()).tags();
    } catch (GoDecode.DecodeException e) {
      return new ArrayList<>();
    }
  }

  /** getTagNameFromResponse: the first tag, or "". */
  static String getTagNameFromResponse(Response lastResponse) {
    if (lastResponse != null) {
      try {
        List<String> tags = decodeTagList(lastResponse.body()).tags();
        if (!tags.isEmpty()) {
          return tags.get(0);
        }
      } catch (GoDecode.DecodeException e) {
        // Go ignores the error and returns ""
      }
    }
    return "";
  }

  // ---- image index decoding (image.go index/descriptor) ----

  record Descriptor(String digest, Map<String, String> annotations) {}

  /** json.Unmarshal into image.go's index, keeping what the specs read. */
  static List<Descriptor> decodeIndexManifests(byte[] body) {
    JsonValue v = GoDecode.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    List<Descriptor> out = new ArrayList<>();
    if (v.getValueType() == JsonValue.ValueType.NULL) {
      return out;
    }
    JsonObject o = GoDecode.object(v, "index");
    GoDecode.integer(o, "schemaVersion");
    GoDecode.string(o, "mediaType");
    GoDecode.string(o, "artifactType");
    GoDecode.stringMap(o, "annotations");
    JsonValue subject = GoDecode.field(o, "subject");
    if (subject != null && subject.getValueType() != JsonValue.ValueType.NULL) {
      decodeDescriptor(subject);
    }
    JsonValue manifests = GoDecode.field(o, "manifests");
    if (manifests == null || manifests.getValueType() == JsonValue.ValueType.NULL) {
      return out;
    }
    for (JsonValue m : GoDecode.array(manifests, "[]descriptor")) {
      out.add(decodeDescriptor(m));
    }
    return out;
  }

  private static Descriptor decodeDescriptor(JsonValue v) {
    if (v.getValueType() == JsonValue.ValueType.NULL) {
      return new Descriptor("", Map.of());
    }
    JsonObject d = GoDecode.object(v, "descriptor");
    GoDecode.string(d, "mediaType");
    GoDecode.integer(d, "size");
    GoDecode.strings(d, "urls");
    GoDecode.bytes(d, "data");
    GoDecode.string(d, "artifactType");
    GoDecode.bytes(d, "newUnspecifiedField");
    JsonValue platform = GoDecode.field(d, "platform");
    if (platform != null && platform.getValueType() != JsonValue.ValueType.NULL) {
      GoDecode.object(platform, "platform");
    }
    return new Descriptor(GoDecode.string(d, "digest"), GoDecode.stringMap(d, "annotations"));
  }
}
