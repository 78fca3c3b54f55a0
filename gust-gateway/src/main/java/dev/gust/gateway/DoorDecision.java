package dev.gust.gateway;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a check at the door decided about a request: let it through to the function, or answer it
 * at once with the gateway's own response.
 *
 * <p>A denial is always the client's doing (no credentials, a bad token, too many requests) or,
 * for 503, the identity provider's; the function never runs and is never blamed.
 */
public sealed interface DoorDecision {

  /** Whether the request may reach the function. */
  default boolean allowed() {
    return this instanceof Allow;
  }

  /**
   * The request may reach the function.
   *
   * @param authorizer what an authorizer established, in payload 2.0 shape (e.g. {@code {"jwt":
   *     {"claims": {...}, "scopes": [...]}}}), for {@link EventContext#withAuthorizer}; empty when
   *     no authorizer ran
   * @param apiKeyId the id of the API key the request carried, when the route requires one (for
   *     metering and logs; never the key's value)
   */
  record Allow(Optional<Map<String, Object>> authorizer, Optional<String> apiKeyId)
      implements DoorDecision {
    private static final Allow PLAIN = new Allow(Optional.empty(), Optional.empty());

    public Allow {
      // a LinkedHashMap copy rather than Map.copyOf: a JWT context may hold "scopes": null
      authorizer = authorizer.map(a -> Collections.unmodifiableMap(new LinkedHashMap<>(a)));
      Objects.requireNonNull(apiKeyId, "apiKeyId");
    }

    /** Allowed, with nothing to add to the event. */
    public static Allow plain() {
      return PLAIN;
    }

    /** Allowed, with an authorizer's context for the event. */
    public static Allow withAuthorizer(Map<String, Object> authorizer) {
      return new Allow(Optional.of(authorizer), Optional.empty());
    }

    /** The event context with this decision's authorizer context added, if there is one. */
    public EventContext applyTo(EventContext context) {
      return authorizer.map(context::withAuthorizer).orElse(context);
    }
  }

  /**
   * The request stops here.
   *
   * @param response what to send the client, exactly as API Gateway would
   * @param reason why, for the access log and the operator; never sent to the client
   */
  record Deny(GatewayResponse response, String reason) implements DoorDecision {
    public Deny {
      Objects.requireNonNull(response, "response");
      Objects.requireNonNull(reason, "reason");
    }

    public int status() {
      return response.status();
    }
  }
}
