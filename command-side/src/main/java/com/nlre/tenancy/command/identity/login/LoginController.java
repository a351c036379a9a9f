package com.nlre.tenancy.command.identity.login;

import com.nlre.tenancy.command.identity.login.LoginService.Credentials;
import com.nlre.tenancy.command.identity.token.AccessTokens.AccessToken;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "Authentication", description = "Login, access tokens and the keys that verify them")
public class LoginController {

    private final LoginService logins;

    public LoginController(LoginService logins) {
        this.logins = logins;
    }

    /** @param totpCode the current 6-digit code; required when the user has two-factor authentication on */
    public record TokenRequest(String tenantId, String email, String password, String totpCode) {

        @Override
        public String toString() {
            return "TokenRequest[redacted]";
        }
    }

    public record TokenResponse(String accessToken, String tokenType, long expiresIn) {
    }

    @Operation(summary = "Log in: exchange tenant, email, password (and TOTP code) for an access token",
            description = "Answers a signed JWT (RS256) to send as `Authorization: Bearer`. Any wrong part answers "
                    + "the same 401. Failed attempts are rate limited per user and per source (429 with "
                    + "`Retry-After`); 5 consecutive failures lock the user for 15 minutes. A canceled tenant's "
                    + "users get 403 `tenant-canceled`; a suspended tenant's users may log in to read.")
    @ApiResponse(responseCode = "200", description = "Access token issued")
    @ApiResponse(responseCode = "401", description = "Wrong tenant, email, password or code; or user locked/inactive")
    @ApiResponse(responseCode = "429", description = "Too many failed attempts")
    @SecurityRequirements
    @PostMapping(path = "/token", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<TokenResponse> token(@RequestBody TokenRequest request, HttpServletRequest http) {
        AccessToken token = logins.login(new Credentials(request.tenantId(), request.email(), request.password(),
                request.totpCode()), http.getRemoteAddr());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache")
                .body(new TokenResponse(token.value(), "Bearer", token.expiresInSeconds()));
    }
}
