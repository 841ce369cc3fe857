print("impcentral-sim is not built yet")
