package io.iotstream.training.train;

/** Whether a published model is made live. */
public enum Promotion {
    /** Publish only. */
    NONE,
    /** Publish and promote ({@code --promote}). */
    ALWAYS,
    /** Publish, and promote if the {@link PromotionGate} passes ({@code --promote-if}). */
    GATE
}
