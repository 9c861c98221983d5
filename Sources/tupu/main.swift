print("tupu")
