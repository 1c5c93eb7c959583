package com.promo.contracts.activity;

/**
 * The lifecycle of API.md: DRAFT → PUBLISHED → SIGNUP_OPEN → SIGNUP_CLOSED → RUNNING → ENDED, and
 * TERMINATED from any state but ENDED.
 */
public enum ActivityStatus {

	DRAFT, PUBLISHED, SIGNUP_OPEN, SIGNUP_CLOSED, RUNNING, ENDED, TERMINATED

}
