/**
 * A stand-in for UCloud UFile ("fake UFile") for tests: one bucket served over HTTP on 127.0.0.1,
 * signatures checked, object bytes on disk, faults injectable. In a test:
 *
 * <pre>{@code
 * try (FakeUFile fake = FakeUFile.start(tempDir, "test-bucket", "pub", "priv")) {
 *   // point the client at fake.baseUrl(); assert on fake.requests(), fake.objectKeys() ...
 * }
 * }</pre>
 *
 * On its own, after {@code mvn -o test-compile}:
 *
 * <pre>
 * java -cp target/test-classes org.ufileregistry.ufile.fake.FakeUFile --port 9700 \
 *     --bucket test-bucket --public-key pub --private-key priv --data-dir /tmp/fake-ufile \
 *     [--block-size 4194304] [--max-put-size 1073741824] [--threads 32]
 * </pre>
 *
 * It prints its base URL ({@code http://127.0.0.1:9700}) first. Admin endpoints, outside the UFile
 * API and unauthenticated: {@code GET /__fake/stats}, {@code GET /__fake/requests},
 * {@code GET /__fake/objects}, {@code GET|POST /__fake/faults?latencyMs=20&error503Rate=0.05&resetRate=0.01&slowBodyBytesPerSec=1048576&seed=7&ops=GetFile,PutFile&failNext=FinishMultipartUpload:RESET_AFTER_COMMIT}
 * and {@code POST /__fake/reset[?objects=true]}.
 */
package org.ufileregistry.ufile.fake;
