package dev.gust.gateway;

import dev.gust.core.GustException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A JWT authorizer, as API Gateway HTTP APIs configure one ({@code JwtConfiguration} plus the
 * route's {@code AuthorizationScopes}), checked by {@link JwtVerifier}.
 *
 * <p>API Gateway finds the keys through the issuer's OpenID discovery document; Gust takes the
 * {@code jwks_uri} directly, which works for issuers without discovery too.
 *
 * @param issuer the exact {@code iss} a token must carry
 * @param audience the accepted {@code aud} values (or {@code client_id} when a token has no {@code
 *     aud}); at least one
 * @param jwksUri where the issuer publishes its JSON Web Key Set (RFC 7517 section 5); http or
 *     https
 * @param scopes the route's authorization scopes: a token needs at least one of them in {@code
 *     scope} or {@code scp}; empty to require none
 * @param identitySource where the token is: {@code $request.header.NAME} (the default, {@code
 *     $request.header.Authorization}) or {@code $request.querystring.NAME}
 */
public record JwtAuthorizer(
    String issuer, List<String> audience, URI jwksUri, List<String> scopes,
    String identitySource) {

  public static final String DEFAULT_IDENTITY_SOURCE = "$request.header.Authorization";

  private static final String HEADER_SOURCE = "$request.header.";
  private static final String QUERY_SOURCE = "$request.querystring.";
  private static final Pattern SOURCE =
      Pattern.compile("\\$request\\.(header|querystring)\\.[A-Za-z0-9!#$%&'*+.^_`|~-]+");

  public JwtAuthorizer {
    if (issuer == null || issuer.isBlank()) {
      throw GustException.invalidParameter("Jwt.Issuer is required: the exact iss of the tokens,"
          + " e.g. https://login.example.com/.");
    }
    audience = List.copyOf(audience);
    if (audience.isEmpty() || audience.stream().anyMatch(String::isBlank)) {
      throw GustException.invalidParameter("Jwt.Audience needs at least one non-empty entry: the"
          + " aud (or client_id) your tokens carry.");
    }
    if (jwksUri == null || !jwksUri.isAbsolute() || jwksUri.getHost() == null
        || !(jwksUri.getScheme().equals("https") || jwksUri.getScheme().equals("http"))) {
      throw GustException.invalidParameter("Jwt.JwksUri must be an absolute http(s) URL such as"
          + " https://login.example.com/.well-known/jwks.json, not '" + jwksUri + "'.");
    }
    scopes = List.copyOf(scopes);
    for (String s : scopes) {
      if (!s.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+")) {
        throw GustException.invalidParameter("Jwt.Scopes holds '" + s + "'; a scope is printable"
            + " ASCII without spaces, quotes or backslashes (RFC 6749 section 3.3).");
      }
    }
    if (identitySource == null || !SOURCE.matcher(identitySource).matches()) {
      throw GustException.invalidParameter("Jwt.IdentitySource must be $request.header.NAME or"
          + " $request.querystring.NAME, not '" + identitySource + "'.");
    }
  }

  /** An authorizer reading {@code Authorization}, the usual place. */
  public JwtAuthorizer(String issuer, List<String> audience, URI jwksUri, List<String> scopes) {
    this(issuer, audience, jwksUri, scopes, DEFAULT_IDENTITY_SOURCE);
  }

  /** The identity source's value in {@code request}; empty when it is absent or empty. */
  public Optional<String> identity(GatewayRequest request) {
    Optional<String> value;
    if (identitySource.startsWith(HEADER_SOURCE)) {
      value = request.header(identitySource.substring(HEADER_SOURCE.length()));
    } else {
      String name = identitySource.substring(QUERY_SOURCE.length());
      value = UriText.queryParameters(request.rawQuery()).stream()
          .filter(p -> p.getKey().equals(name)).map(Map.Entry::getValue).findFirst();
    }
    return value.filter(v -> !v.isBlank());
  }
}
