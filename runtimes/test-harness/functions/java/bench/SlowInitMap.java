package bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** A POJO handler whose construction takes ~100 ms of CPU, like building SDK clients. */
public class SlowInitMap implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private final long seed;

  public SlowInitMap() {
    long deadline = System.nanoTime() + 100_000_000L;
    long x = 1;
    while (System.nanoTime() < deadline) {
      x = x * 6364136223846793005L + 1442695040888963407L;
    }
    seed = x;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    return Map.of("ok", seed != 0);
  }
}
