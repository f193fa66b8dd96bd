package dev.lmaas.platform.ui.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import org.springframework.core.ConfigurableObjectInputStream;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.core.serializer.support.SerializationFailedException;

/**
 * How session attributes are written to and read from the database: Java serialization, but reading accepts only the
 * classes a console session holds (the security context with its {@link ConsolePrincipal}, the CSRF token, a saved
 * request, flash notices) and bounded graphs. A row someone managed to write into the session table cannot make the
 * console instantiate any other class (the usual deserialization gadget chains), nor exhaust memory.
 */
final class SessionSerialization {

    /** What a console session may contain; everything else is refused. */
    static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(String.join(";",
            "maxdepth=20", "maxrefs=20000", "maxbytes=1048576", "maxarray=100000",
            // java.util.concurrent: Spring MVC keeps a session's flash maps in a CopyOnWriteArrayList.
            "java.lang.*", "java.util.*", "java.util.concurrent.*", "java.util.concurrent.locks.*", "java.time.*", "java.math.*",
            "org.springframework.security.**", "org.springframework.util.*", "org.springframework.web.servlet.FlashMap",
            "dev.lmaas.platform.**", "!*"));

    private SessionSerialization() {
    }

    static ConversionService conversionService(ClassLoader classLoader) {
        GenericConversionService conversions = new GenericConversionService();
        conversions.addConverter(Object.class, byte[].class, new SerializingConverter());
        conversions.addConverter(byte[].class, Object.class, bytes -> read(bytes, classLoader));
        return conversions;
    }

    static Object read(byte[] bytes, ClassLoader classLoader) {
        StringBuilder refused = new StringBuilder();
        try (ObjectInputStream in = new ConfigurableObjectInputStream(new ByteArrayInputStream(bytes), classLoader)) {
            in.setObjectInputFilter(info -> {
                ObjectInputFilter.Status status = FILTER.checkInput(info);
                if (status == ObjectInputFilter.Status.REJECTED && refused.isEmpty()) {
                    refused.append(info.serialClass() == null ? "a graph beyond the limits" : info.serialClass().getName());
                }
                return status;
            });
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new SerializationFailedException("A session attribute could not be read: " + e.getMessage()
                    + (refused.isEmpty() ? "" : " (" + refused + ")"), e);
        }
    }
}
