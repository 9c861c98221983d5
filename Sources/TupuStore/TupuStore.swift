// TupuStore
