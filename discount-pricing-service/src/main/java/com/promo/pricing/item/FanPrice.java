package com.promo.pricing.item;

import java.time.Instant;

import com.promo.contracts.pricing.CrowdType;

/** A fan price: the price members of one of the seller's crowds pay, optionally within a window. */
public record FanPrice(long itemId, CrowdType crowdType, long price, Instant startTime, Instant endTime) {
}
