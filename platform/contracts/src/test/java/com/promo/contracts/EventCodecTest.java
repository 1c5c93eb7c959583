package com.promo.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.promo.contracts.social.FollowEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

	record Sample(String templateId, long amount) {
	}

	static final EventType<Sample> SAMPLE = EventType.of("SampleHappened", 1, Topic.CLAIM_EVENTS, Sample.class);

	@Test
	void envelopeRoundTripKeepsEveryFieldAndThePayload() {
		Instant at = Instant.parse("2026-11-21T10:00:00Z");
		EventEnvelope envelope = EventEnvelope.of(SAMPLE, "42", at, new Sample("7", 1888));

		String json = new String(EventCodec.encode(envelope), StandardCharsets.UTF_8);
		EventEnvelope read = EventCodec.decodeEnvelope(json.getBytes(StandardCharsets.UTF_8));

		assertThat(json).contains("\"occurredAt\":\"2026-11-21T10:00:00Z\"").contains("\"type\":\"SampleHappened\"");
		assertThat(read).usingRecursiveComparison().ignoringFields("payload").isEqualTo(envelope);
		assertThat(EventCodec.payload(read, SAMPLE)).isEqualTo(new Sample("7", 1888));
	}

	@Test
	void unknownFieldsAreIgnoredSoProducersCanAddFields() {
		byte[] json = """
				{"eventId":"e1","type":"FOLLOW","userId":"1","sellerId":"2","occurredAt":"2026-11-21T10:00:00Z","extra":true}
				""".getBytes(StandardCharsets.UTF_8);

		FollowEvent event = EventCodec.decode(json, FollowEvent.class);

		assertThat(event.type()).isEqualTo(FollowEvent.Type.FOLLOW);
		assertThat(event.sellerId()).isEqualTo("2");
	}

	@Test
	void unreadableRecordsAreReportedAsMalformed() {
		assertThatThrownBy(() -> EventCodec.decode("{not json".getBytes(StandardCharsets.UTF_8), FollowEvent.class))
			.isInstanceOf(MalformedEventException.class);
		assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"LIKE\"}".getBytes(StandardCharsets.UTF_8), FollowEvent.class))
			.isInstanceOf(MalformedEventException.class);
	}

	@Test
	void payloadOfAnotherTypeOrVersionIsRefused() {
		EventEnvelope envelope = EventEnvelope.of(SAMPLE, "42", Instant.now(), new Sample("7", 1));
		EventType<Sample> v2 = EventType.of("SampleHappened", 2, Topic.CLAIM_EVENTS, Sample.class);

		assertThatThrownBy(() -> EventCodec.payload(envelope, v2)).isInstanceOf(MalformedEventException.class);
	}

	@Test
	void topicsHaveDistinctWireNames() {
		assertThat(Topic.allWireNames()).doesNotHaveDuplicates().contains("promo.claim-events", "social.follow-events");
		assertThat(Topic.CLAIM_EVENTS.deadLetterName()).isEqualTo("promo.claim-events.DLT");
	}

}
