package org.ufileregistry.ufile.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** The test vectors of ../shared/ufile-protocol.md §3, produced by the official Java SDK 2.6.6. */
class UFileSignerTest {
  private final UFileSigner signer = new UFileSigner("TOKEN_pub", "secret");
  private static final String BLOB = "docker/registry/v2/blobs/sha256/ab/abcdef/data";
  private static final String JSON = "application/json; charset=utf-8";

  @Test
  void headerSignatures() {
    assertEquals("UCloud TOKEN_pub:anedEz72klf/LwyNKdLBzmxGZ/g=",
        signer.authorization("PUT", "", "application/octet-stream", "20240102030405", "test-bucket", BLOB));
    assertEquals("UCloud TOKEN_pub:O7+brVNBqKcsMobbyqNRI2F284s=",
        signer.authorization("PUT", "5eb63bbbe01eeed093cb22bb8f5acdc3", "text/plain", "20240102030405", "test-bucket", "hello.txt"));
    assertEquals("UCloud TOKEN_pub:yayu++IluTzhTILAnDd7t4rJnYs=",
        signer.authorization("GET", "", JSON, "20240102030405", "test-bucket", ""));
    assertEquals("UCloud TOKEN_pub:lKOXXcZagt1LdpKTO+8V6DQiXyo=",
        signer.authorization("HEAD", null, null, null, "test-bucket", BLOB));
    assertEquals("UCloud TOKEN_pub:lutQLk/lA2QPdiuYeEmJkoDFbc4=",
        signer.authorization("DELETE", "", JSON, "20240102030405", "test-bucket", "dir/hello world 中文.txt"));
    assertEquals("UCloud TOKEN_pub:W6+X5hDtBnI5gnDMnMBKqgtCvfI=",
        signer.authorization("POST", "", "application/octet-stream", "20240102030405", "test-bucket", BLOB));
  }

  @Test
  void urlSignatures() {
    assertEquals("E9whucNezmcvLvLOEZCsl3WREn8=", signer.urlSignature("GET", 1700000000L, "test-bucket", BLOB));
    assertEquals("PUR231DIeArpn/IwJ6yit5Flouw=", signer.urlSignature("GET", 1700000000L, "test-bucket", "dir/hello world 中文.txt"));
  }

  @Test
  void thePrivateKeyNeverShowsInToString() {
    assertFalse(signer.toString().contains("secret"));
  }
}
