package com.promo.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** README's "Ports" table: what listens where. */
record ReadmePorts(List<Row> rows) {

	private static final Pattern PORT = Pattern.compile(":(\\d+)(?:-(\\d+))?");

	record Row(String what, List<Integer> ports) {

		/** Whether the row is about a compose service: its name, less a trailing node number, starts the row. */
		boolean names(String service) {
			String subject = service.replaceFirst("-\\d+$", "").toLowerCase();
			return this.what.toLowerCase().replace("`", "").startsWith(subject);
		}

	}

	static ReadmePorts read() {
		String readme = Repository.read("README.md");
		int start = readme.indexOf("\n## Ports\n");
		if (start < 0) {
			throw new AssertionError("README.md has no \"## Ports\" section");
		}
		List<Row> rows = new ArrayList<>();
		boolean inTable = false;
		for (String line : readme.substring(start + 1).split("\n")) {
			if (line.startsWith("|")) {
				inTable = true;
				String[] cells = line.split("\\|");
				if (cells.length >= 3 && !cells[1].isBlank() && !cells[1].trim().startsWith("---")
						&& !cells[1].trim().equals("what")) {
					rows.add(new Row(cells[1].trim(), ports(cells[2])));
				}
			}
			else if (inTable) {
				break;
			}
		}
		return new ReadmePorts(rows);
	}

	private static List<Integer> ports(String where) {
		List<Integer> ports = new ArrayList<>();
		Matcher matcher = PORT.matcher(where);
		while (matcher.find()) {
			int first = Integer.parseInt(matcher.group(1));
			int last = matcher.group(2) == null ? first : Integer.parseInt(matcher.group(2));
			for (int port = first; port <= last; port++) {
				ports.add(port);
			}
		}
		return ports;
	}

	/** The ports README gives the service, over every row that names it. */
	List<Integer> portsOf(String service) {
		return this.rows.stream().filter(row -> row.names(service)).flatMap(row -> row.ports().stream()).toList();
	}

}
