// Placeholder: the Router target's code lands here.
