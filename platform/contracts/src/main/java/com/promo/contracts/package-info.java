/**
 * Event contracts shared by producers and consumers: topic names ({@link com.promo.contracts.Topic}),
 * the versioned envelope ({@link com.promo.contracts.EventEnvelope}) and the payload records, one
 * sub-package per business area. Wire names never depend on Java class names.
 */
package com.promo.contracts;
