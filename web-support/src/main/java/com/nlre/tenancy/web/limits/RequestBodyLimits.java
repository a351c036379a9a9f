package com.nlre.tenancy.web.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.util.List;

/**
 * How large a request body may be ({@code nlre.http.*}): {@code max-body-size} (1 MB) for every body, except the
 * uploads ({@code upload-content-types}: CSV and plain text files), which may reach {@code max-upload-size} (5 MB).
 * A larger body answers 413 problem+json {@code urn:nlre:problem:content-too-large} before any of it is interpreted.
 */
@ConfigurationProperties("nlre.http")
public record RequestBodyLimits(@DefaultValue("1MB") DataSize maxBodySize,
                                @DefaultValue("5MB") DataSize maxUploadSize,
                                @DefaultValue({"text/csv", "text/plain"}) List<String> uploadContentTypes) {

    /** The ceiling for a body of {@code contentType} (may be null). */
    public long limitFor(String contentType) {
        if (contentType != null) {
            String type = contentType.toLowerCase(java.util.Locale.ROOT);
            for (String upload : uploadContentTypes) {
                if (type.startsWith(upload)) {
                    return maxUploadSize.toBytes();
                }
            }
        }
        return maxBodySize.toBytes();
    }
}
