package com.promo.gateway.ratelimit;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientAddressesTest {

	final ClientAddresses addresses = new ClientAddresses(List.of("10.0.0.0/8", "192.0.2.1"));

	static MockHttpServletRequest from(String remote, String... forwardedFor) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr(remote);
		for (String header : forwardedFor) {
			request.addHeader(ClientAddresses.FORWARDED_FOR, header);
		}
		return request;
	}

	@Test
	void anUntrustedConnectionIsTheClientWhateverItForwards() {
		assertThat(this.addresses.of(from("203.0.113.5", "198.51.100.1"))).isEqualTo("203.0.113.5");
	}

	@Test
	void behindATrustedProxyTheEntryItAddedIsTheClient() {
		assertThat(this.addresses.of(from("10.1.2.3", "198.51.100.1"))).isEqualTo("198.51.100.1");
	}

	@Test
	void entriesTheClientWroteLeftOfTheProxysAreNotBelieved() {
		assertThat(this.addresses.of(from("10.1.2.3", "1.2.3.4, 198.51.100.1"))).isEqualTo("198.51.100.1");
	}

	@Test
	void trustedProxiesOnTheWayAreSkippedAcrossHeaders() {
		assertThat(this.addresses.of(from("192.0.2.1", "1.2.3.4, 198.51.100.1", "10.9.9.9"))).isEqualTo("198.51.100.1");
	}

	@Test
	void aTrustedProxyWithoutTheHeaderIsItsOwnClient() {
		assertThat(this.addresses.of(from("10.1.2.3"))).isEqualTo("10.1.2.3");
	}

	@Test
	void noTrustedProxiesMeansTheRemoteAddressAlways() {
		assertThat(new ClientAddresses(List.of()).of(from("127.0.0.1", "198.51.100.1"))).isEqualTo("127.0.0.1");
	}

	@Test
	void aHostNameIsNoTrustedProxy() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddresses(List.of("proxy.example.com")))
			.withMessageContaining("promo.gateway.rate-limit.trusted-proxies")
			.withMessageContaining("proxy.example.com");
	}

}
