package io.strideline.activity;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Likes and comments on a post or an activity as one viewer sees them. Declared here rather than in
 * social, which stores them, because activity views carry it and activity may not depend on social
 * (social depends on activity); posts and feed items use this same record, so the wire has one
 * Engagement schema.
 */
@Schema(description = "Likes and comments as I see them (without people blocked either way).")
public record Engagement(
        @Schema(description = "How many like it.", example = "4")
        int likeCount,

        @Schema(description = "How many comments it has.", example = "2")
        int commentCount,

        @Schema(description = "Whether I like it.", example = "true")
        boolean likedByMe) {

    /** Nothing yet: a new activity, or one nobody liked or commented on. */
    public static final Engagement NONE = new Engagement(0, 0, false);
}
