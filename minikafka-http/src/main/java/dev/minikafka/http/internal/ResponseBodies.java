package dev.minikafka.http.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * Writes a whole response body held in memory, in one write where the server allows it.
 *
 * <p>Why not {@code OutputStream.write(byte[])}: Jetty's servlet stream cuts an array larger than
 * its output buffer (32 KiB) into buffer-sized slices and writes each as a blocking write of its
 * own, so a 1 MiB answer of records took 32 system calls, each through the whole callback path of
 * the connection, and a virtual thread parked and woken for each. Jetty's {@link
 * HttpOutput#write(ByteBuffer)} writes the buffer whole (the servlet API of this Jetty, 6.0, has no
 * such method; 6.1 adds one).
 *
 * <p>Stateless and thread-safe.
 */
final class ResponseBodies {
  private ResponseBodies() {}

  /**
   * Writes {@code body} as the response's content; the caller has set its headers.
   *
   * @throws IOException when the client went away or stopped reading until the write timed out
   */
  static void write(HttpServletResponse response, byte[] body) throws IOException {
    ServletOutputStream out = response.getOutputStream();
    if (out instanceof HttpOutput jetty) {
      jetty.write(ByteBuffer.wrap(body));
    } else {
      out.write(body);
    }
    out.flush();
  }
}
