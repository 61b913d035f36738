-- Whose like of which post or activity was notified: a person's like notifies the owner once ever,
-- so unliking and liking again (a toggle) neither notifies again nor counts again in the gathered
-- "Ann and 3 others liked your post". A re-delivered LikeAdded is absorbed the same way.
create table likes_notified (
    subject_id uuid not null,
    liker_id   uuid not null,
    primary key (subject_id, liker_id)
);
