// The impcentral-sim library lands in a following commit.
