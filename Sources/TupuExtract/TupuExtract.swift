// TupuExtract
