package com.nlre.tenancy.query.apikey;

import com.nlre.tenancy.web.security.ApiKeyVerifier;

/**
 * The command side could not say whether an API key is valid (unreachable, too slow, or an unexpected answer). Not
 * a verdict on the key: the request is answered 503 rather than authenticated or refused as if the key were bad.
 */
public class ApiKeyIntrospectionException extends ApiKeyVerifier.VerificationUnavailable {

    public ApiKeyIntrospectionException(String message) {
        super(message, null);
    }

    public ApiKeyIntrospectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
