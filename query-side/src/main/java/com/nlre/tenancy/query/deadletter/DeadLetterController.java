package com.nlre.tenancy.query.deadletter;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.web.ApiDescriptions;
import com.nlre.tenancy.query.web.PageParameters;
import com.nlre.tenancy.web.OpenApiDocs;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.RequestContextFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.lang.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Platform operators inspect, retry and discard the records the projections parked (HTTP Basic; every request is
 * recorded as an operator action in the security audit log, with the letter's tenant once it is known).
 */
@RestController
@RequestMapping(path = "/api/v1/operator/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Dead letters (operators)", description = """
        Records of the event topic the projections could not apply, parked so the rest keeps flowing: a record \
        that can never be projected at once, a projection error after its attempts, and every later event of the \
        same aggregate behind them (an aggregate's events apply in order). MongoDB being unavailable never parks \
        anything: the consumer waits and resumes.""")
@SecurityRequirement(name = OpenApiDocs.OPERATOR_SCHEME)
public class DeadLetterController {

    static final int MAX_REASON_LENGTH = 500;

    private final DeadLetters letters;
    private final DeadLetterQueue queue;

    public DeadLetterController(DeadLetters letters, DeadLetterQueue queue) {
        this.letters = letters;
        this.queue = queue;
    }

    /** @param reason why the letter is discarded; recorded in the log with the operator's name */
    public record DiscardRequest(@Nullable String reason) {
    }

    @GetMapping
    @Operation(summary = "Dead letters, oldest first", description = "Without the record's value (see one letter).",
            responses = {
                    @ApiResponse(responseCode = "200", description = "One page of letters"),
                    @ApiResponse(responseCode = "400", description = "Invalid tenantId, page or size",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "401", description = "No or invalid operator credentials",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public DeadLetterPage list(
            @Parameter(description = "Only this tenant's letters")
            @RequestParam(required = false) @Nullable String tenantId,
            @Parameter(description = "Zero-based page number")
            @RequestParam(defaultValue = "0") int page,
            @Parameter(description = "Items per page, 1 to 100")
            @RequestParam(defaultValue = "20") int size) {
        TenantId tenant = null;
        if (tenantId != null && !tenantId.isBlank()) {
            if (!TenantId.isValid(tenantId)) {
                throw ProblemException.invalidParameter("tenantId", "must be a tenant id like tenant_abc123");
            }
            RequestContextFilter.tenantIs(tenantId);
            tenant = new TenantId(tenantId);
        }
        return letters.list(tenant, new PageParameters(page, size));
    }

    @GetMapping("/{letterId}")
    @Operation(summary = "One dead letter, with the record's value", responses = {
            @ApiResponse(responseCode = "200", description = "The letter",
                    content = @Content(schema = @Schema(implementation = DeadLetterView.class))),
            @ApiResponse(responseCode = "401", description = "No or invalid operator credentials",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "404", description = "No letter with this id",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public DeadLetterView get(@PathVariable String letterId) {
        DeadLetter letter = letters.find(letterId).orElseThrow(() -> ProblemException.notFound("dead letter",
                letterId));
        RequestContextFilter.tenantIs(letter.tenantId().value());
        return letter.view(true);
    }

    @PostMapping("/{letterId}/retry")
    @Operation(summary = "Retry the letter's aggregate", description = """
            Re-projects every parked letter of this letter's aggregate, in sequence order, through the same \
            projections as live events (idempotent: what was applied before stays applied once). Each letter \
            applied is removed. The first that fails again stops the retry: it stays parked with the new reason \
            and one attempt more, and so do the letters after it. 200 in both cases; completed says which.""",
            responses = {
                    @ApiResponse(responseCode = "200", description = "What was applied and what is still parked"),
                    @ApiResponse(responseCode = "401", description = "No or invalid operator credentials",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "404", description = "No letter with this id",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "503", description = "MongoDB or the command side is unavailable; "
                            + "letters not applied stay parked",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public RetryOutcome retry(@PathVariable String letterId) {
        RetryOutcome outcome = queue.retry(letterId);
        RequestContextFilter.tenantIs(outcome.tenantId());
        return outcome;
    }

    @PostMapping("/{letterId}/discard")
    @Operation(summary = "Discard one letter for good", description = """
            Removes the letter without projecting it; the reason and the operator are logged with the tenant. \
            Letters of the same aggregate waiting behind it stay parked until retried.""",
            responses = {
                    @ApiResponse(responseCode = "200", description = "The letter discarded"),
                    @ApiResponse(responseCode = "400", description = "No reason, or one longer than 500 characters",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "401", description = "No or invalid operator credentials",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "404", description = "No letter with this id",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public DeadLetterView discard(@PathVariable String letterId,
                                  @RequestBody(required = false) @Nullable DiscardRequest request,
                                  Authentication operator) {
        String reason = request == null ? null : request.reason();
        if (reason == null || reason.isBlank()) {
            throw ProblemException.invalidParameter("reason", "is required");
        }
        if (reason.length() > MAX_REASON_LENGTH) {
            throw ProblemException.invalidParameter("reason", "must be at most " + MAX_REASON_LENGTH + " characters");
        }
        DeadLetterView discarded = queue.discard(letterId, reason.strip(), operator.getName());
        RequestContextFilter.tenantIs(discarded.tenantId());
        return discarded;
    }
}
