package org.acpmerchant.pricing.catalog.infrastructure;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.acpmerchant.pricing.catalog.application.FeedSource;
import org.springframework.core.io.ClassPathResource;

/** Feed sources: a directory on the filesystem, or a folder on the classpath (the demo catalog). */
public final class FeedSources {

    public static final String DEMO_CATALOG = "catalog/demo";

    private FeedSources() {}

    public static FeedSource directory(Path dir) {
        return new FeedSource() {
            @Override
            public InputStream open(String name) throws IOException {
                Path file = dir.resolve(name);
                if (!Files.isRegularFile(file)) {
                    throw new FileNotFoundException(file.toString());
                }
                return Files.newInputStream(file);
            }

            @Override
            public boolean exists(String name) {
                return Files.isRegularFile(dir.resolve(name));
            }

            @Override
            public String describe() {
                return dir.toString();
            }
        };
    }

    public static FeedSource classpath(String folder) {
        return new FeedSource() {
            @Override
            public InputStream open(String name) throws IOException {
                return new ClassPathResource(folder + "/" + name).getInputStream();
            }

            @Override
            public boolean exists(String name) {
                return new ClassPathResource(folder + "/" + name).exists();
            }

            @Override
            public String describe() {
                return "classpath:" + folder;
            }
        };
    }
}
