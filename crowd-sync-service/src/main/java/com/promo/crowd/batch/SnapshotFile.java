package com.promo.crowd.batch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import org.springframework.core.io.FileSystemResource;

/** A snapshot file, plain or gzipped (told by its first bytes, not its name). */
class SnapshotFile extends FileSystemResource {

	SnapshotFile(Path path) {
		super(path);
	}

	@Override
	public InputStream getInputStream() throws IOException {
		InputStream raw = new BufferedInputStream(super.getInputStream(), 1 << 16);
		raw.mark(2);
		int first = raw.read();
		int second = raw.read();
		raw.reset();
		boolean gzipped = first == 0x1f && second == 0x8b;
		return gzipped ? new GZIPInputStream(raw, 1 << 16) : raw;
	}

}
