package io.strideline.social;

import io.strideline.activity.Engagement;
import io.strideline.identity.Visibility;
import io.strideline.platform.Created;
import io.strideline.platform.CurrentUser;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.social.FeedService.FeedItem;
import io.strideline.social.PostService.CommentView;
import io.strideline.social.PostService.PostView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Social", description = "People, friends, blocks, posts, comments, likes, the feed and groups")
class PostController {

    @Schema(description = "A new post.")
    record NewPost(
            @Schema(
                    description = "1 to 5000 characters, plain text, stored as given.",
                    example = "Long run done!",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            String text,

            @Schema(description = "An activity it is about: mine, or one I may see.") @Nullable
            UUID activityId,

            @Schema(description = "A group of mine to post in (its members see it).") @Nullable
            UUID groupId,

            @Schema(
                    description = "Who may see it; not wider than its activity's visibility. Default friends (or "
                            + "the activity's visibility when narrower). Not for a group post.",
                    example = "friends")
            @Nullable
            Visibility visibility) {}

    @Schema(description = "Changes to my post: only the fields sent (and not null) change.")
    record PostChanges(
            @Schema(description = "New text, 1 to 5000 characters.", example = "Long run done, 30 km!") @Nullable
            String text,

            @Schema(description = "New visibility; not wider than its activity's.", example = "public") @Nullable
            Visibility visibility) {}

    @Schema(description = "A new comment.")
    record NewComment(
            @Schema(
                    description = "1 to 2000 characters, plain text, stored as given.",
                    example = "Great pace!",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            String text) {}

    private final PostService posts;
    private final FeedService feed;

    PostController(PostService posts, FeedService feed) {
        this.posts = posts;
        this.feed = feed;
    }

    @GetMapping("/feed")
    @Operation(
            operationId = "getFeed",
            summary = "My home feed",
            description = "My and my friends' posts and activities that I may see, newest first (posts by when "
                    + "they were posted, activities by when they started), each with its author, likes, comments "
                    + "and whether I like it; activities as summaries with their map and heart rate only as "
                    + "their owners allow. People blocked either way never appear. Cursor pages (limit 1..200, "
                    + "default 50): new items arriving meanwhile cause no repeat and no gap; a page may hold "
                    + "fewer items than limit when some stopped being visible, and next_cursor says whether more "
                    + "follow. Group posts are in GET /groups/{id}/feed.")
    Page<FeedItem> feed(
            CurrentUser user,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return feed.home(user.id(), PageRequest.of(limit, cursor));
    }

    @Created(location = "/api/v1/posts/{id}")
    @PostMapping("/posts")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            operationId = "createPost",
            summary = "Post something",
            description = "Optionally about an activity (shown no wider than that activity, and only to those who "
                    + "may see it) or in a group I am a member of. The server sets created_at. 422 names each bad "
                    + "field.")
    PostView create(CurrentUser user, @RequestBody NewPost post) {
        return posts.create(user.id(), post.text(), post.activityId(), post.groupId(), post.visibility());
    }

    @GetMapping("/posts/{id}")
    @Operation(
            operationId = "getPost",
            summary = "A post",
            description = "404 alike for unknown ids and posts I may not see (a group post: to all but the "
                    + "group's readers; a private group's card does not open its posts).")
    PostView get(CurrentUser user, @PathVariable UUID id) {
        return posts.get(user.id(), id);
    }

    @PatchMapping("/posts/{id}")
    @Operation(
            operationId = "updatePost",
            summary = "Edit my post",
            description = "Text or visibility. 404 for unknown ids and other people's posts.")
    PostView update(CurrentUser user, @PathVariable UUID id, @RequestBody PostChanges changes) {
        return posts.update(user.id(), id, changes.text(), changes.visibility());
    }

    @DeleteMapping("/posts/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "deletePost",
            summary = "Delete my post",
            description = "With its comments and likes; nothing of it stays. 404 for unknown ids and other "
                    + "people's posts.")
    void delete(CurrentUser user, @PathVariable UUID id) {
        posts.delete(user.id(), id);
    }

    @Created
    @PostMapping("/posts/{id}/comments")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            operationId = "commentPost",
            summary = "Comment on a post",
            description = "On a post I may see (404 otherwise, and between people where one blocked the other).")
    CommentView commentPost(CurrentUser user, @PathVariable UUID id, @RequestBody NewComment comment) {
        return posts.comment(user.id(), posts.postSubject(user.id(), id), comment.text());
    }

    @GetMapping("/posts/{id}/comments")
    @Operation(
            operationId = "listPostComments",
            summary = "A post's comments",
            description = "Oldest first, without those of people blocked either way; cursor pages.")
    Page<CommentView> postComments(
            CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return posts.comments(user.id(), posts.postSubject(user.id(), id), PageRequest.of(limit, cursor));
    }

    @DeleteMapping("/posts/{id}/comments/{comment_id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "deletePostComment",
            summary = "Delete a comment on a post",
            description = "By the comment's author or the post's. 404 otherwise.")
    void deletePostComment(
            CurrentUser user,
            @PathVariable UUID id,
            @Parameter(description = "The comment's id.") @PathVariable("comment_id") UUID commentId) {
        posts.deleteComment(user.id(), posts.postSubject(user.id(), id), commentId);
    }

    @PutMapping("/posts/{id}/like")
    @Operation(
            operationId = "likePost",
            summary = "Like a post",
            description = "Liking again changes nothing. Answers the post's likes and comments.")
    Engagement likePost(CurrentUser user, @PathVariable UUID id) {
        return posts.like(user.id(), posts.postSubject(user.id(), id));
    }

    @DeleteMapping("/posts/{id}/like")
    @Operation(
            operationId = "unlikePost",
            summary = "Take back my like of a post",
            description = "Also fine when I did not like it. Answers the post's likes and comments.")
    Engagement unlikePost(CurrentUser user, @PathVariable UUID id) {
        return posts.unlike(user.id(), posts.postSubject(user.id(), id));
    }

    @Created
    @PostMapping("/activities/{id}/comments")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            operationId = "commentActivity",
            summary = "Comment on an activity",
            description = "On an activity I may see (404 otherwise, as for an unknown id).")
    CommentView commentActivity(CurrentUser user, @PathVariable UUID id, @RequestBody NewComment comment) {
        return posts.comment(user.id(), posts.activitySubject(user.id(), id), comment.text());
    }

    @GetMapping("/activities/{id}/comments")
    @Operation(
            operationId = "listActivityComments",
            summary = "An activity's comments",
            description = "Oldest first, without those of people blocked either way; cursor pages.")
    Page<CommentView> activityComments(
            CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return posts.comments(user.id(), posts.activitySubject(user.id(), id), PageRequest.of(limit, cursor));
    }

    @DeleteMapping("/activities/{id}/comments/{comment_id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "deleteActivityComment",
            summary = "Delete a comment on an activity",
            description = "By the comment's author or the activity's owner. 404 otherwise.")
    void deleteActivityComment(
            CurrentUser user,
            @PathVariable UUID id,
            @Parameter(description = "The comment's id.") @PathVariable("comment_id") UUID commentId) {
        posts.deleteComment(user.id(), posts.activitySubject(user.id(), id), commentId);
    }

    @PutMapping("/activities/{id}/like")
    @Operation(
            operationId = "likeActivity",
            summary = "Give kudos to an activity",
            description = "On an activity I may see; again changes nothing. Answers its likes and comments.")
    Engagement likeActivity(CurrentUser user, @PathVariable UUID id) {
        return posts.like(user.id(), posts.activitySubject(user.id(), id));
    }

    @DeleteMapping("/activities/{id}/like")
    @Operation(
            operationId = "unlikeActivity",
            summary = "Take back my kudos",
            description = "Also fine when I gave none. Answers its likes and comments.")
    Engagement unlikeActivity(CurrentUser user, @PathVariable UUID id) {
        return posts.unlike(user.id(), posts.activitySubject(user.id(), id));
    }
}
