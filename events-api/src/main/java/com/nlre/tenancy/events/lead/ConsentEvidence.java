package com.nlre.tenancy.events.lead;

import java.time.Instant;

/**
 * Proof of prior express written consent for one number (TCPA).
 *
 * @param method             how it was given, e.g. {@code web_form}, {@code signed_document}
 * @param consentTextVersion the version of the consent wording the person agreed to
 * @param source             where it was captured, e.g. a form URL or campaign
 * @param sourceIp           the address the consent came from, when captured online
 */
public record ConsentEvidence(Instant givenAt, String method, String consentTextVersion, String source,
                              String sourceIp) {
}
