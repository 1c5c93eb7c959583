package com.promo.claim.template;

/** A template's state changed to a newer version (published in the thread that stored it). */
public record TemplateStateChanged(TemplateState state) {
}
