package dev.starling.sampling.protocol;

/**
 * The protocol's parameters: view size {@code c}, healing {@code H}, swap {@code S}, peer selection and
 * propagation. Immutable; built with {@link #builder()}, validated in one place ({@link Builder#build()}).
 */
public final class ProtocolConfig {
    private final int viewSize;
    private final int healing;
    private final int swap;
    private final PeerSelection selection;
    private final Propagation propagation;
    private final Duplicates duplicates;
    private final SwapCount swapCount;

    private ProtocolConfig(Builder b) {
        this.viewSize = b.viewSize;
        this.healing = b.healing;
        this.swap = b.swap;
        this.selection = b.selection;
        this.propagation = b.propagation;
        this.duplicates = b.duplicates;
        this.swapCount = b.swapCount;
    }

    /** @return a builder with defaults c = 7, H = 0, S = 0, rand, pushpull */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The paper's named settings for view size {@code c}, rand and pushpull.
     *
     * @param name blind, healer or swapper
     * @param c    view size
     * @return the setting
     */
    public static ProtocolConfig named(String name, int c) {
        Builder b = builder().viewSize(c);
        switch (name) {
            case "blind" -> b.healing(0).swap(0);
            case "healer" -> b.healing(c / 2).swap(0);
            case "swapper" -> b.healing(0).swap(c / 2);
            default -> throw new IllegalArgumentException("unknown setting '" + name + "' (blind, healer, swapper)");
        }
        return b.build();
    }

    /** @return a builder holding these values */
    public Builder toBuilder() {
        return builder().viewSize(viewSize).healing(healing).swap(swap).selection(selection)
                .propagation(propagation).duplicates(duplicates).swapCount(swapCount);
    }

    /** @return c, the most descriptors a view holds */
    public int viewSize() {
        return viewSize;
    }

    /** @return H, how many of the oldest descriptors a merge drops first */
    public int healing() {
        return healing;
    }

    /** @return S, how many of the just-sent descriptors (the view's head) a merge drops next */
    public int swap() {
        return swap;
    }

    /** @return how the partner is chosen */
    public PeerSelection selection() {
        return selection;
    }

    /** @return push or pushpull */
    public Propagation propagation() {
        return propagation;
    }

    /** @return where a merge keeps the one copy it leaves of a duplicate address */
    public Duplicates duplicates() {
        return duplicates;
    }

    /** @return what S counts in step 4 of a merge: view entries or buffer items (see {@link SwapCount}) */
    public SwapCount swapCount() {
        return swapCount;
    }

    /** @return how many descriptors a buffer holds at most: the own one plus {@code c/2 - 1} */
    public int bufferSize() {
        return Math.max(1, viewSize / 2);
    }

    /** @return the capacity a view needs to hold itself plus one received buffer during a merge */
    public int viewCapacity() {
        return viewSize + bufferSize();
    }

    @Override
    public String toString() {
        return "c=" + viewSize + " H=" + healing + " S=" + swap + " " + selection.label() + " " + propagation.label()
                + (swapCount == SwapCount.VIEW ? "" : " swap-counts=" + swapCount.label());
    }

    /** Collects the parameters; {@link #build()} checks them. */
    public static final class Builder {
        private int viewSize = 7;
        private int healing;
        private int swap;
        private PeerSelection selection = PeerSelection.RAND;
        private Propagation propagation = Propagation.PUSHPULL;
        private Duplicates duplicates = Duplicates.FIRST;
        private SwapCount swapCount = SwapCount.VIEW;

        private Builder() {
        }

        /** @param c view size, at least 2 @return this */
        public Builder viewSize(int c) {
            this.viewSize = c;
            return this;
        }

        /** @param h healing parameter, at least 0 @return this */
        public Builder healing(int h) {
            this.healing = h;
            return this;
        }

        /** @param s swap parameter, at least 0 @return this */
        public Builder swap(int s) {
            this.swap = s;
            return this;
        }

        /** @param selection peer selection @return this */
        public Builder selection(PeerSelection selection) {
            this.selection = selection;
            return this;
        }

        /** @param propagation push or pushpull @return this */
        public Builder propagation(Propagation propagation) {
            this.propagation = propagation;
            return this;
        }

        /** @param d where a merge keeps the one copy of a duplicate address @return this */
        public Builder duplicates(Duplicates d) {
            this.duplicates = d;
            return this;
        }

        /** @param count what S counts in step 4 of a merge @return this */
        public Builder swapCount(SwapCount count) {
            this.swapCount = count;
            return this;
        }

        /**
         * Validates and builds. H and S may exceed {@code c/2} (the course's c = 7 settings do); a merge
         * never removes more than the excess over c, so larger values act as "all of the excess".
         *
         * @return the configuration
         */
        public ProtocolConfig build() {
            if (viewSize < 2) {
                throw new IllegalArgumentException("view size c must be at least 2, was " + viewSize);
            }
            if (healing < 0) {
                throw new IllegalArgumentException("healing H must be at least 0, was " + healing);
            }
            if (swap < 0) {
                throw new IllegalArgumentException("swap S must be at least 0, was " + swap);
            }
            if (selection == null || propagation == null || duplicates == null || swapCount == null) {
                throw new IllegalArgumentException("peer selection, propagation, duplicates and swap count must be set");
            }
            return new ProtocolConfig(this);
        }
    }
}
