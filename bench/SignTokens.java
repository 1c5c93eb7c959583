import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs many development tokens at once, as `./promo token` signs one (HS256, roles claim):
 * benchmarks need thousands, and one openssl round per token takes a minute.
 * Usage: java bench/SignTokens.java SECRET ROLE FIRST_SUB COUNT TTL_SECONDS  (one token a line)
 */
class SignTokens {

	public static void main(String[] args) throws Exception {
		String secret = args[0], role = args[1];
		long first = Long.parseLong(args[2]), count = Long.parseLong(args[3]), ttl = Long.parseLong(args[4]);
		Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		long now = System.currentTimeMillis() / 1000;
		StringBuilder out = new StringBuilder();
		for (long sub = first; sub < first + count; sub++) {
			String payload = b64.encodeToString("{\"sub\":\"%d\",\"roles\":[\"%s\"],\"iat\":%d,\"exp\":%d}"
				.formatted(sub, role, now, now + ttl).getBytes(StandardCharsets.UTF_8));
			String signingInput = header + "." + payload;
			out.append(signingInput).append('.')
				.append(b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)))).append('\n');
		}
		System.out.print(out);
	}

}
