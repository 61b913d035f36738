package io.strideline.social;

import io.strideline.platform.WireEnum;

/** What a feed item, a comment's or a like's subject is. */
enum FeedKind implements WireEnum {
    POST,
    ACTIVITY
}
