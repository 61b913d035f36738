package io.strideline.social;

import io.strideline.identity.UserDirectory.Person;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

@Schema(description = "Who someone is, as everyone signed in may see it: never an email.")
record UserCard(
        @Schema(description = "The person's id.", example = "0190a8c2-7d3e-7b61-9f0a-3c5d2e1f4a6b")
        UUID id,

        @Schema(description = "Their display name.", example = "Ann")
        String displayName,

        @Schema(description = "http(s) URL of their picture; null when none.", example = "https://example.com/a.png")
        @Nullable
        String avatarUrl) {

    static UserCard of(Person p) {
        return new UserCard(p.id(), p.displayName(), p.avatarUrl());
    }
}
