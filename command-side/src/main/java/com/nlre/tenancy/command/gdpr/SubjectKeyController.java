package com.nlre.tenancy.command.gdpr;

import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.command.rules.ValueRules;
import com.nlre.tenancy.events.personal.SubjectType;
import com.nlre.tenancy.personal.DataSubject;
import com.nlre.tenancy.web.OpenApiDocs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Base64;
import java.util.List;

/**
 * Subject keys for the query side, which opens sealed personal data in the events it consumes: operator credential
 * only, a batch at a time, never cached by intermediaries. A forgotten subject, a shredded tenant and a subject without
 * a key are all answered {@code forgotten} with no key: its sealed data reads as erased.
 */
@RestController
@Tag(name = "GDPR (operators)", description = "Subject keys for services that read sealed personal data")
@SecurityRequirement(name = OpenApiDocs.OPERATOR_SCHEME)
public class SubjectKeyController {

    static final int MAX_SUBJECTS = 500;
    static final String SUBJECT_KEY_BATCH_SIZE = "SUBJECT_KEY_BATCH_SIZE";

    private final SubjectKeyStore keys;

    public SubjectKeyController(SubjectKeyStore keys) {
        this.keys = keys;
    }

    /** @param subjectType {@code lead}, {@code user} or {@code tenant} (the owner's sign-up contact) */
    public record Subject(String tenantId, String subjectType, String subjectId) {
    }

    public record SubjectKeyRequest(List<Subject> subjects) {
    }

    /**
     * @param state {@code active} (key given: base64 of the AES-256 key) or {@code forgotten} (no key)
     */
    public record SubjectKey(String tenantId, String subjectType, String subjectId, String state, String key) {

        @Override
        public String toString() {
            return "SubjectKey[" + tenantId + "/" + subjectType + "/" + subjectId + ", " + state + "]";
        }
    }

    public record SubjectKeys(List<SubjectKey> keys) {
    }

    @Operation(summary = "Keys of a batch of data subjects (query side)",
            description = "Up to 500 subjects `{tenantId, subjectType, subjectId}`; answers each with `state` "
                    + "`active` and its `key` (base64 AES-256), or `forgotten` and no key (forgotten subject, "
                    + "shredded tenant, or no key ever created). Never creates a key.")
    @PostMapping(path = "/api/v1/operator/subject-keys", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<SubjectKeys> keysOf(@RequestBody SubjectKeyRequest request) {
        List<Subject> subjects = ValueRules.required("subjects", ValueRules.required("body", request).subjects());
        if (subjects.size() > MAX_SUBJECTS) {
            throw new InvalidCommand(SUBJECT_KEY_BATCH_SIZE, "subjects", "at most " + MAX_SUBJECTS + " subjects");
        }
        List<SubjectKey> answers = subjects.stream().map(this::keyOf).toList();
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new SubjectKeys(answers));
    }

    private SubjectKey keyOf(Subject subject) {
        SubjectType type = SubjectType.fromWireName(subject.subjectType()).orElse(null);
        if (type == null || subject.tenantId() == null || subject.subjectId() == null) {
            return new SubjectKey(subject.tenantId(), subject.subjectType(), subject.subjectId(), "forgotten", null);
        }
        return keys.openingKey(new DataSubject(subject.tenantId(), type, subject.subjectId()))
                .map(key -> new SubjectKey(subject.tenantId(), subject.subjectType(), subject.subjectId(), "active",
                        Base64.getEncoder().encodeToString(key.getEncoded())))
                .orElseGet(() -> new SubjectKey(subject.tenantId(), subject.subjectType(), subject.subjectId(),
                        "forgotten", null));
    }
}
