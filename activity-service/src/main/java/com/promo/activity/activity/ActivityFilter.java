package com.promo.activity.activity;

import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.ActivityStatus;

/**
 * What a list asks for; {@code status} means the status the clock implies now. Null fields do not
 * filter; {@code publishedOnly} hides DRAFTs (merchants never see them).
 */
public record ActivityFilter(ActivityStatus status, String cityId, ActivityKind kind, boolean publishedOnly) {
}
