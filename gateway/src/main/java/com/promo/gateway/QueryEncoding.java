package com.promo.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether a raw query string is properly %-encoded UTF-8: the proxy passes the query on as it
 * came, so it refuses one that no service could decode (what Tomcat's parameter parsing would
 * refuse) instead of sending it on.
 */
final class QueryEncoding {

	private QueryEncoding() {
	}

	static boolean isValid(String query) {
		if (query == null || query.indexOf('%') < 0) {
			return true; // the common case costs one scan; Tomcat already refused raw bytes outside ASCII
		}
		ByteBuffer bytes = ByteBuffer.allocate(query.length());
		for (int i = 0; i < query.length(); i++) {
			char c = query.charAt(i);
			if (c != '%') {
				bytes.put((byte) c);
				continue;
			}
			if (i + 2 >= query.length()) {
				return false;
			}
			int high = Character.digit(query.charAt(i + 1), 16);
			int low = Character.digit(query.charAt(i + 2), 16);
			if (high < 0 || low < 0) {
				return false;
			}
			bytes.put((byte) (high * 16 + low));
			i += 2;
		}
		bytes.flip();
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(bytes);
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

}
