"""The Disclosure Policy's admin screens; the rules they apply live in the modules above (disclosure.*)."""
