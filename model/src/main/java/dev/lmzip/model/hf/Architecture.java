package dev.lmzip.model.hf;

import java.util.List;

/** The supported Hugging Face causal-LM architectures. */
public enum Architecture {
    /** StableLmForCausalLM (stablelm-3b-4e1t and friends); older remote-code name StableLMEpochForCausalLM. */
    STABLELM("StableLmForCausalLM", "stablelm", List.of("StableLMEpochForCausalLM"), List.of("stablelm_epoch")),
    /** GPTNeoXForCausalLM (Pythia). */
    GPT_NEOX("GPTNeoXForCausalLM", "gpt_neox", List.of(), List.of());

    private final String className;
    private final String modelType;
    private final List<String> classAliases;
    private final List<String> modelTypeAliases;

    Architecture(String className, String modelType, List<String> classAliases, List<String> modelTypeAliases) {
        this.className = className;
        this.modelType = modelType;
        this.classAliases = classAliases;
        this.modelTypeAliases = modelTypeAliases;
    }

    /** The {@code architectures[0]} value written to config.json. */
    public String className() {
        return className;
    }

    /** The {@code model_type} value written to config.json. */
    public String modelType() {
        return modelType;
    }

    static Architecture byClassName(String s) {
        for (Architecture a : values()) {
            if (a.className.equals(s) || a.classAliases.contains(s)) {
                return a;
            }
        }
        return null;
    }

    static Architecture byModelType(String s) {
        for (Architecture a : values()) {
            if (a.modelType.equals(s) || a.modelTypeAliases.contains(s)) {
                return a;
            }
        }
        return null;
    }

    /** Human-readable list for error messages. */
    static String supported() {
        StringBuilder b = new StringBuilder();
        for (Architecture a : values()) {
            if (!b.isEmpty()) {
                b.append(", ");
            }
            b.append(a.className);
            a.classAliases.forEach(x -> b.append(" / ").append(x));
            b.append(" (model_type ").append(a.modelType);
            a.modelTypeAliases.forEach(x -> b.append(" / ").append(x));
            b.append(')');
        }
        return b.toString();
    }
}
