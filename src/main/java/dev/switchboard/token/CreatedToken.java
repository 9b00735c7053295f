package dev.switchboard.token;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** The create response: the token's fields plus {@code token}, the secret, shown this once. */
public record CreatedToken(@JsonUnwrapped Token info, String token) {}
