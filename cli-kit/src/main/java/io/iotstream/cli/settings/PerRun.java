package io.iotstream.cli.settings;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an option that is an argument of one run ({@code --name}, {@code --json}, {@code --by}), not a setting of
 * a deployment: it takes no value from the environment or the settings file, so that a variable such as
 * {@code IOTSTREAM_VERSION} in a container can never choose which model version {@code model promote} makes live.
 * Required options are per-run without it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface PerRun {
}
