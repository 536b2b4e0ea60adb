"""Registration as a jobseeker: prefill from registers, the draft, the rules, submit and decide."""
