package io.strideline.identity;

import io.strideline.identity.AccountService.Profile;
import io.strideline.identity.AccountService.ProfileChanges;
import io.strideline.identity.AccountService.Session;
import io.strideline.platform.Created;
import io.strideline.platform.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Identity", description = "Accounts, sign-in, tokens and the profile")
class AccountController {

    @Schema(description = "A new account.")
    record RegisterRequest(
            @Schema(
                    description = "Email address, at most 254 characters; unique regardless of case.",
                    example = "ann@example.com")
            @NotBlank
            @Email
            @Size(max = 254)
            String email,

            @Schema(
                    description = "8 to 128 characters, not a commonly used password.",
                    example = "correct horse battery",
                    format = "password")
            @NotNull
            @Size(min = 8, max = 128)
            String password,

            @Schema(description = "The name shown to others, 1 to 100 characters.", example = "Ann")
            @NotBlank
            @Size(max = 100)
            String displayName) {}

    @Schema(description = "Email and password of an account.")
    record LoginRequest(
            @Schema(description = "The account's email, compared regardless of case.", example = "ann@example.com")
            @NotBlank
            @Size(max = 254)
            String email,

            @Schema(description = "The account's password.", example = "correct horse battery", format = "password")
            @NotNull
            @Size(max = 1024)
            String password) {}

    @Schema(description = "A refresh token to exchange.")
    record RefreshRequest(
            @Schema(
                    description = "The refresh_token of the latest session answer (`slr_…`).",
                    example = "slr_3q2-7wEAAAB8mXbT1hF0eK")
            @NotBlank
            @Size(max = 256)
            String refreshToken) {}

    @Schema(description = "Which sessions to end: one refresh token's, or with all every session of the account.")
    record LogoutRequest(
            @Schema(
                    description = "The refresh token of the session to end; required unless all is true.",
                    example = "slr_3q2-7wEAAAB8mXbT1hF0eK")
            @Nullable
            @Size(max = 256)
            String refreshToken,

            @Schema(description = "true ends every session of the account. Default false.", example = "false") @Nullable
            Boolean all) {}

    private final AccountService accounts;

    AccountController(AccountService accounts) {
        this.accounts = accounts;
    }

    @Created(location = "/api/v1/me")
    @PostMapping("/auth/register")
    @ResponseStatus(HttpStatus.CREATED)
    @SecurityRequirements
    @Operation(
            operationId = "register",
            summary = "Create an account",
            description = "Password: 8 to 128 characters, not a common one. Emails are unique regardless of case "
                    + "(409 email_taken). Answers the new user with an access token (JWT, 15 min) and a refresh "
                    + "token (30 days, rotated on every use). Rate-limited per client address.")
    @ApiResponse(responseCode = "409", description = "email_taken: an account with this email exists.")
    Session register(@Valid @RequestBody RegisterRequest body, HttpServletRequest request) {
        return accounts.register(body.email(), body.password(), body.displayName(), request.getRemoteAddr());
    }

    @PostMapping("/auth/login")
    @SecurityRequirements
    @Operation(
            operationId = "login",
            summary = "Sign in with email and password",
            description = "401 invalid_credentials for an unknown email or a wrong password alike (same answer, "
                    + "similar time). Rate-limited per client address and per account (429 with Retry-After); "
                    + "when too many sign-ins are already waiting for a password check, 429 with Retry-After: 1 "
                    + "at once.")
    @ApiResponse(responseCode = "200", description = "Signed in: the account and a new session.")
    @ApiResponse(responseCode = "401", description = "invalid_credentials: unknown email or wrong password.")
    Session login(@Valid @RequestBody LoginRequest body, HttpServletRequest request) {
        return accounts.login(body.email(), body.password(), request.getRemoteAddr());
    }

    @PostMapping("/auth/refresh")
    @SecurityRequirements
    @Operation(
            operationId = "refreshSession",
            summary = "Exchange a refresh token for a new pair",
            description = "Each refresh token works once. Presenting one that was already used revokes its whole "
                    + "family (every token descended from the same sign-in) and answers 401.")
    @ApiResponse(responseCode = "200", description = "A new access token and a new refresh token.")
    @ApiResponse(
            responseCode = "401",
            description = "invalid_refresh_token: unknown, already used, revoked or expired; sign in again.")
    Session refresh(@Valid @RequestBody RefreshRequest body, HttpServletRequest request) {
        return accounts.refresh(body.refreshToken(), request.getRemoteAddr());
    }

    @PostMapping("/auth/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "logout",
            summary = "Sign out",
            description = "Revokes the session of the given refresh token, or with {\"all\": true} every session "
                    + "of the account. Access tokens already issued stay valid until they expire (15 min).")
    void logout(CurrentUser user, @Valid @RequestBody LogoutRequest body) {
        accounts.logout(user.id(), body.refreshToken(), Boolean.TRUE.equals(body.all()));
    }

    @GetMapping("/me")
    @Operation(
            operationId = "getMe",
            summary = "My profile",
            description = "Email, display name, body measurements, display units, time zone and privacy settings "
                    + "(who sees my profile, and the visibility of my new activities and of their map and heart "
                    + "rate). My email is never shown to anyone else.")
    Profile me(CurrentUser user) {
        return accounts.profile(user.id());
    }

    @PatchMapping("/me")
    @Operation(
            operationId = "updateMe",
            summary = "Change my profile",
            description = "Only the fields sent change; a 422 names every bad field (an unknown units value is "
                    + "reported on its own). units: metric|imperial "
                    + "(display only; the API speaks SI). timezone: an IANA name; days, weeks and months of "
                    + "statistics follow it. Privacy settings: private|friends|public; a change applies to "
                    + "activities recorded from then on (PATCH /activities/{id} changes one).")
    Profile update(CurrentUser user, @RequestBody ProfileChanges changes) {
        return accounts.update(user.id(), changes);
    }
}
