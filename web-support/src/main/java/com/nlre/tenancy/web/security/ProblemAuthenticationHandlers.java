package com.nlre.tenancy.web.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import com.nlre.tenancy.web.ProblemTypes;

import java.io.IOException;

/** 401 and 403 from the security filters, written as problem+json like every other error. */
public final class ProblemAuthenticationHandlers {

    private final ObjectMapper objectMapper;

    public ProblemAuthenticationHandlers(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    /** @param challenge the {@code WWW-Authenticate} value, e.g. {@code Basic realm="nlre"} or {@code Bearer} */
    public AuthenticationEntryPoint entryPoint(String challenge) {
        return (request, response, exception) -> {
            response.setHeader("WWW-Authenticate", challenge);
            write(response, ProblemTypes.problem(HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHENTICATED,
                    "Unauthenticated", "Missing or invalid credentials."));
        };
    }

    public AccessDeniedHandler accessDeniedHandler() {
        return (request, response, exception) -> write(response, ProblemTypes.problem(HttpStatus.FORBIDDEN,
                ProblemTypes.FORBIDDEN, "Forbidden", "These credentials do not allow this operation."));
    }

    private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        write(response, problem, null);
    }

    /** Writes {@code problem} as the whole response, with {@code Retry-After} when given. */
    public void write(HttpServletResponse response, ProblemDetail problem, String retryAfterSeconds) throws IOException {
        if (retryAfterSeconds != null) {
            response.setHeader("Retry-After", retryAfterSeconds);
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), problem);
    }
}
