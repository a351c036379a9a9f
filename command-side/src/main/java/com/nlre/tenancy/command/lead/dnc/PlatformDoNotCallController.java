package com.nlre.tenancy.command.lead.dnc;

import com.nlre.tenancy.command.lead.PhoneNumbers;
import com.nlre.tenancy.command.rules.ValueRules;
import com.nlre.tenancy.command.web.BoundedBody;
import com.nlre.tenancy.web.OpenApiDocs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;

/**
 * The platform-wide do-not-call list, for operators (HTTP Basic operator credential). Every tenant's calls are checked
 * against it while the tenant's DNC check is on. It is platform data: no tenant's events record it.
 */
@RestController
@RequestMapping("/api/v1/operator/dnc")
@Tag(name = "Do-not-call list (operators)", description = "The platform-wide do-not-call list")
@SecurityRequirement(name = OpenApiDocs.OPERATOR_SCHEME)
public class PlatformDoNotCallController {

    static final int MAX_BYTES = 5 * 1024 * 1024;

    private final PlatformDoNotCallList list;
    private final Clock clock;

    public PlatformDoNotCallController(PlatformDoNotCallList list, Clock clock) {
        this.list = list;
        this.clock = clock;
    }

    /** @param phone the number as looked up (E.164) */
    public record Listing(String phone, boolean listed) {
    }

    @Operation(summary = "Load numbers into the platform do-not-call list",
            description = "Merges: the file's numbers are added, listed numbers stay, nothing is removed. The body is "
                    + "`text/plain` or `text/csv`, one number per line in any common writing (normalised to E.164; "
                    + "bare 10 digits are US), at most 5 MB and " + PlatformDoNotCallList.MAX_LINES + " lines; "
                    + "blank lines and a header line are skipped, and of several fields on a line the first is the "
                    + "number. Answers how many were loaded, how many were listed already, and the first 100 lines "
                    + "that hold no number. Stored whole or not at all.")
    @PutMapping(consumes = {MediaType.TEXT_PLAIN_VALUE, "text/csv"})
    public PlatformDoNotCallList.LoadReport load(HttpServletRequest request,
                                                 @RequestParam(required = false) String source) {
        String checkedSource = source == null ? null : ValueRules.requireText("source", source, 200);
        String text = BoundedBody.utf8(BoundedBody.read(request, MAX_BYTES), "body");
        return list.merge(text, checkedSource, clock.instant());
    }

    @Operation(summary = "Whether a number is on the platform do-not-call list",
            description = "The number may be written in any common form; it is normalised first.")
    @GetMapping("/{phone}")
    public Listing lookUp(@PathVariable String phone) {
        String number = PhoneNumbers.normalise(phone);
        return new Listing(number, list.contains(number));
    }

    @Operation(summary = "Remove a number from the platform do-not-call list",
            description = "Removing an unlisted number changes nothing.")
    @DeleteMapping("/{phone}")
    public Listing remove(@PathVariable String phone) {
        String number = PhoneNumbers.normalise(phone);
        list.remove(number);
        return new Listing(number, false);
    }
}
