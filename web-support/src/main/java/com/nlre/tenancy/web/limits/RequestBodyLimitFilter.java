package com.nlre.tenancy.web.limits;

import com.nlre.tenancy.web.ProblemTypes;
import com.nlre.tenancy.web.security.ProblemAuthenticationHandlers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Refuses a body beyond its ceiling ({@link RequestBodyLimits}) with 413 problem+json: at once when its declared
 * {@code Content-Length} is larger, otherwise as soon as a reader passes the ceiling (the stream then throws
 * {@link BodyTooLarge}, which every reader turns into 413). Runs before authentication, so a huge body costs nothing.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    public static final String CONTENT_TOO_LARGE = "content-too-large";

    private final RequestBodyLimits limits;
    private final ProblemAuthenticationHandlers problems;

    public RequestBodyLimitFilter(RequestBodyLimits limits, ProblemAuthenticationHandlers problems) {
        this.limits = limits;
        this.problems = problems;
    }

    /** The 413 answer for a body beyond {@code maxBytes}. */
    public static ProblemDetail tooLarge(long maxBytes) {
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.PAYLOAD_TOO_LARGE, CONTENT_TOO_LARGE,
                "Content too large", "The body may hold at most " + maxBytes + " bytes.");
        problem.setProperty("maxBytes", maxBytes);
        return problem;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limits.limitFor(request.getContentType());
        if (request.getContentLengthLong() > limit) {
            response.setHeader("Connection", "close");
            problems.write(response, tooLarge(limit), null);
            return;
        }
        chain.doFilter(new Bounded(request, limit), response);
    }

    private static final class Bounded extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long limit;
        private long read;

        CountingStream(ServletInputStream delegate, long limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int value = delegate.read();
            if (value >= 0) {
                count(1);
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int count = delegate.read(buffer, offset, length);
            if (count > 0) {
                count(count);
            }
            return count;
        }

        private void count(int bytes) throws BodyTooLarge {
            read += bytes;
            if (read > limit) {
                throw new BodyTooLarge(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
