"""The analysis memo (บันทึกข้อความ): ``document`` says what it states, the writers set it."""
