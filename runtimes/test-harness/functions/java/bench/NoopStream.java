package bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The trivial stream handler bench.py measures the Java runtime's own overhead with. */
public class NoopStream implements RequestStreamHandler {
  private static final byte[] OK = {'{', '"', 'o', 'k', '"', ':', 't', 'r', 'u', 'e', '}'};

  @Override
  public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
    out.write(OK);
  }
}
