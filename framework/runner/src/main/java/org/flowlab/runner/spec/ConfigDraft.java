package org.flowlab.runner.spec;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.flowlab.api.plugin.Family;

/**
 * The settings of one trial before resolution: framework fields (typed, with locations) and a
 * {@link PluginDraft} per family. The experiment's base draft is copied and assigned the swept values.
 */
public final class ConfigDraft {

    private final Map<String, Located> fields;
    private final Map<Family, PluginDraft> plugins;

    private ConfigDraft(Map<String, Located> fields, Map<Family, PluginDraft> plugins) {
        this.fields = fields;
        this.plugins = plugins;
    }

    /** Every default of {@link ExperimentSchema}. */
    public static ConfigDraft defaults() {
        Map<String, Located> fields = new LinkedHashMap<>();
        for (Field field : ExperimentSchema.fields()) {
            if (field.defaultValue() != null || field.nullable()) {
                fields.put(field.path(), new Located(field.defaultValue(), Location.DEFAULT));
            }
        }
        Map<Family, PluginDraft> plugins = new EnumMap<>(Family.class);
        ExperimentSchema.DEFAULT_PLUGINS.forEach((family, name) -> plugins.put(family, PluginDraft.of(name, Location.DEFAULT)));
        return new ConfigDraft(fields, plugins);
    }

    public ConfigDraft copy() {
        return new ConfigDraft(new LinkedHashMap<>(fields), new EnumMap<>(plugins));
    }

    public Optional<Located> field(String path) {
        return Optional.ofNullable(fields.get(path));
    }

    public Object value(String path) {
        Located located = fields.get(path);
        return located == null ? null : located.value();
    }

    public PluginDraft plugin(Family family) {
        return plugins.get(family);
    }

    /** Sets a framework field as written in the file section (no side effects on other fields). */
    public void setField(String path, Located value) {
        fields.put(path, value);
    }

    public void setPlugin(Family family, PluginDraft draft) {
        plugins.put(family, draft);
    }

    /**
     * Assigns a value from a sweep, an include entry or a {@code --set} override, with the rules a user expects
     * from "change this one thing":
     * <ul>
     *   <li>{@code train.steps} and {@code train.epochs} replace each other (a run is sized by one of them);</li>
     *   <li>a plugin given by bare name keeps the options written for the family only if the name is unchanged;
     *       a plugin given as a map replaces the choice with exactly that map;</li>
     *   <li>{@code model.<family>.<option>} sets one option of whichever plugin the family has.</li>
     * </ul>
     */
    public void assign(String path, SweepValue value) {
        Optional<Family> family = ExperimentSchema.familyOf(path);
        if (family.isPresent()) {
            PluginDraft given = (PluginDraft) value.value();
            PluginDraft current = plugins.get(family.get());
            boolean bareSameName = given.options().isEmpty() && !value.explicitOptions()
                    && given.name().equals(current.name());
            plugins.put(family.get(), bareSameName ? current : given);
            return;
        }
        Optional<Family> optionFamily = ExperimentSchema.familyOfOption(path);
        if (optionFamily.isPresent()) {
            String option = path.substring(path.lastIndexOf('.') + 1);
            plugins.put(optionFamily.get(), plugins.get(optionFamily.get())
                    .withOption(option, new Located(value.value(), value.location())));
            return;
        }
        if (path.equals("train.steps")) {
            fields.remove("train.epochs");
        } else if (path.equals("train.epochs")) {
            fields.remove("train.steps");
        }
        fields.put(path, new Located(value.value(), value.location()));
    }
}
