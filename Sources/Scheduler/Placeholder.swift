// Placeholder: this target's code lands here.
